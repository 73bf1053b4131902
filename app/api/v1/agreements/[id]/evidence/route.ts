import { apiHandler } from "@/lib/api/api-handler";
import { evidencePackRoute } from "@/lib/api/routes/correction-routes";
import { downloadEvidencePack } from "@/lib/exports/evidence-pack";
import { downloadResponse } from "@/lib/http/download-response";

// The staff download's operation and response: logged as evidence.downloaded under the token's name.
export const GET = apiHandler(evidencePackRoute, async (context, { params }) => {
  const pack = await downloadEvidencePack(context, { agreementId: params.id });
  return downloadResponse({ bytes: pack.zip, fileName: pack.fileName, contentType: "application/zip" });
});
