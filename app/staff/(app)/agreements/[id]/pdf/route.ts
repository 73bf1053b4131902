import { downloadSignedPdf } from "@/lib/agreements/download-signed-pdf";
import { requireStaff } from "@/lib/auth/require-staff";
import { errorResponse } from "@/lib/http/error-response";
import { pdfResponse } from "@/lib/http/pdf-response";

// Read-only: an unsealed agreement answers 409 (SEAL_PENDING / SEAL_FAILED); it is never sealed here.
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const context = await requireStaff("exports.download");
    const { id } = await params;
    return pdfResponse(await downloadSignedPdf(context, { agreementId: id }));
  } catch (error) {
    return errorResponse(error);
  }
}
