import { downloadSignedPdfByToken } from "@/lib/agreements/download-signed-pdf";
import { errorResponse } from "@/lib/http/error-response";
import { pdfResponse } from "@/lib/http/pdf-response";
import { requestOrigin } from "@/lib/http/requester";

// Read-only: an unsealed agreement answers 409 (SEAL_PENDING / SEAL_FAILED); it is never sealed here.
export async function GET(_request: Request, { params }: { params: Promise<{ token: string }> }) {
  try {
    const { token } = await params;
    const response = pdfResponse(await downloadSignedPdfByToken(await requestOrigin(), { token }));
    response.headers.set("Referrer-Policy", "no-referrer");
    return response;
  } catch (error) {
    const response = errorResponse(error);
    response.headers.set("Referrer-Policy", "no-referrer");
    return response;
  }
}
