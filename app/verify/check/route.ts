import { AppError } from "@/lib/errors/app-error";
import { errorResponse } from "@/lib/http/error-response";
import { readLimitedBody } from "@/lib/http/read-limited-body";
import { requestOrigin } from "@/lib/http/requester";
import { consumeVerifyAllowance } from "@/lib/verification/verify-allowance";
import { MAX_VERIFY_BYTES, verifyDocument } from "@/lib/verification/verify-document";

const TOO_LARGE = `The file is larger than ${MAX_VERIFY_BYTES / 1024 / 1024} MB; an Imprimatur record is far smaller.`;

// The PDF is sent as the raw request body (application/pdf), read into memory with a cap and never stored.
export async function POST(request: Request) {
  try {
    // Counted before the body is read: a flood is refused without hashing or parsing anything.
    await consumeVerifyAllowance((await requestOrigin()).ip);
    const bytes = await readLimitedBody(request, MAX_VERIFY_BYTES, TOO_LARGE);
    if (bytes.byteLength === 0) throw new AppError("INVALID_INPUT", { userMessage: "Choose a PDF file to verify." });
    return Response.json(await verifyDocument(bytes), { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error, { as: "json" });
  }
}
