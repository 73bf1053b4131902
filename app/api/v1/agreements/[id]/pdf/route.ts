import { apiHandler } from "@/lib/api/api-handler";
import { signedPdfRoute } from "@/lib/api/routes/correction-routes";
import { downloadSignedPdf } from "@/lib/agreements/download-signed-pdf";
import { pdfResponse } from "@/lib/http/pdf-response";

// The staff download's operation and response: logged as pdf.downloaded under the token's name.
export const GET = apiHandler(signedPdfRoute, async (context, { params }) =>
  pdfResponse(await downloadSignedPdf(context, { agreementId: params.id })),
);
