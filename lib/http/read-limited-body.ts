import "server-only";
import { AppError } from "@/lib/errors/app-error";

/**
 * Reads a request body, refusing it as soon as it exceeds `limit` bytes (before it is all sent) with
 * PAYLOAD_TOO_LARGE; `tooLarge` is the sentence the caller's page shows for that.
 */
export async function readLimitedBody(request: Request, limit: number, tooLarge?: string): Promise<Uint8Array> {
  const refusal = () => new AppError("PAYLOAD_TOO_LARGE", { userMessage: tooLarge });
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > limit) throw refusal();
  const reader = request.body?.getReader();
  if (!reader) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw refusal();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
