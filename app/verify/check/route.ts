import { isAppError } from "@/lib/errors/app-error";
import { readLimitedBody } from "@/lib/http/read-limited-body";
import { requestOrigin } from "@/lib/http/requester";
import { consumeVerifyAllowance } from "@/lib/verification/verify-allowance";
import { MAX_VERIFY_BYTES, verifyDocument } from "@/lib/verification/verify-document";

// The PDF is sent as the raw request body (application/pdf), read into memory with a cap and never stored.
export async function POST(request: Request) {
  // Counted before the body is read: a flood is refused without hashing or parsing anything.
  const allowance = await consumeVerifyAllowance((await requestOrigin()).ip);
  if (!allowance.allowed) {
    return Response.json({ error: allowance.message }, { status: 429, headers: { "Retry-After": String(allowance.retryAfterSeconds), "Cache-Control": "no-store" } });
  }
  let bytes: Uint8Array;
  try {
    bytes = await readLimitedBody(request, MAX_VERIFY_BYTES);
  } catch (error) {
    if (isAppError(error)) return Response.json({ error: `The file is larger than ${MAX_VERIFY_BYTES / 1024 / 1024} MB; an Imprimatur record is far smaller.` }, { status: 413 });
    throw error;
  }
  if (bytes.byteLength === 0) return Response.json({ error: "Choose a PDF file to verify." }, { status: 400 });
  return Response.json(await verifyDocument(bytes), { headers: { "Cache-Control": "no-store" } });
}
