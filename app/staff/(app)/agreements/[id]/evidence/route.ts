import { requireStaff } from "@/lib/auth/require-staff";
import { downloadEvidencePack } from "@/lib/exports/evidence-pack";
import { downloadResponse } from "@/lib/http/download-response";
import { errorResponse } from "@/lib/http/error-response";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const context = await requireStaff("exports.download");
    const { id } = await params;
    const pack = await downloadEvidencePack(context, { agreementId: id });
    return downloadResponse({ bytes: pack.zip, fileName: pack.fileName, contentType: "application/zip" });
  } catch (error) {
    return errorResponse(error);
  }
}
