import "server-only";
import type { IncomingMessage } from "node:http";
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

/**
 * readLimitedBody for node's own request, as the front door holds it (the REST API reads its bodies
 * so). Past `limit` it stops reading and leaves the rest unread: the answer then closes the connection
 * (lib/http/edge/api-door.ts) rather than let node read and discard the rest.
 */
export function readLimitedNodeBody(request: IncomingMessage, limit: number, tooLarge?: string): Promise<Buffer> {
  const refusal = () => new AppError("PAYLOAD_TOO_LARGE", { userMessage: tooLarge });
  if (Number(request.headers["content-length"] ?? 0) > limit) return Promise.reject(refusal());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      request.off("data", onData);
      request.off("end", onEnd);
      request.off("error", onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= limit) return void chunks.push(chunk);
      stop();
      request.pause();
      reject(refusal());
    };
    const onEnd = () => {
      stop();
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };
    request.on("data", onData);
    request.once("end", onEnd);
    request.once("error", onError);
  });
}
