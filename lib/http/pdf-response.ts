import "server-only";
import { isAppError } from "@/lib/errors/app-error";
import { ERROR_MESSAGES } from "@/lib/errors/error-messages";

export function pdfResponse({ bytes, filename, sha256 }: { bytes: Uint8Array; filename: string; sha256: string }) {
  return new Response(Buffer.from(bytes), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Content-Length": String(bytes.byteLength),
      "Cache-Control": "no-store",
      "X-Content-SHA256": sha256,
    },
  });
}

/**
 * A known refusal as a short plain-text page with its status; anything else is a 500 and logged.
 * A seal still being prepared also says when to come back.
 */
export function errorResponse(error: unknown) {
  if (isAppError(error)) {
    const { status, title, message } = ERROR_MESSAGES[error.code];
    const headers: Record<string, string> = { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" };
    if (error.code === "SEAL_PENDING") headers["Retry-After"] = "60";
    return new Response(`${title}\n\n${message}\n`, { status, headers });
  }
  console.error(error);
  return new Response("Something went wrong on our side. Please try again later.\n", { status: 500, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}
