import { isApiCall } from "./api-door";
import { MAX_IMPORT_BYTES } from "../../proceedings/import-limits";
import { MAX_VERIFY_BYTES } from "../../verification/verify-limits";

// The signing forms, the sign-in form and every other public request need kilobytes. Staff forms
// (server actions) need more for long texts; next.config.js's serverActions.bodySizeLimit matches.
export const PUBLIC_BODY_LIMIT = 64 * 1024;
export const STAFF_BODY_LIMIT = 1024 * 1024;

// /verify's own limit, from the module that holds only it (not the checker with its PDF libraries).
export const VERIFY_BODY_LIMIT = MAX_VERIFY_BYTES;
const IMPORT_UPLOAD_PATH = /^\/staff\/proceedings\/[^/]+\/import\/upload$/;

export type BodyRule = { limit: number; streamed: boolean };

/**
 * How large a body a request may carry. `streamed` routes read their body themselves with a cap
 * (lib/http/read-limited-body.ts), so they may also take a chunked body of unknown length.
 */
export function bodyRuleFor(method: string, pathname: string): BodyRule {
  if (method === "POST" && pathname === "/verify/check") return { limit: VERIFY_BODY_LIMIT, streamed: true };
  // The REST API's door reads every body with its route's own cap (a 413 as problem+json, lib/api/api-handler.ts).
  if (isApiCall(pathname)) return { limit: Number.MAX_SAFE_INTEGER, streamed: true };
  if (method === "POST" && IMPORT_UPLOAD_PATH.test(pathname)) return { limit: MAX_IMPORT_BYTES, streamed: true };
  if (pathname === "/staff" || pathname.startsWith("/staff/")) return { limit: STAFF_BODY_LIMIT, streamed: false };
  return { limit: PUBLIC_BODY_LIMIT, streamed: false };
}

export type BodyRefusal = { status: 411 | 413; message: string };

/**
 * Decided from the headers alone, before a byte of the body is read. A body of unknown length
 * (Transfer-Encoding without Content-Length) is refused with 411 except on streamed routes:
 * browsers always declare the length of a form post or fetch body, so only a hand-made client
 * sends one, and counting it here would mean reading it.
 */
export function bodyRefusal(
  method: string,
  pathname: string,
  headers: { "content-length"?: string; "transfer-encoding"?: string },
): BodyRefusal | null {
  const rule = bodyRuleFor(method, pathname);
  if (headers["transfer-encoding"] !== undefined) {
    if (rule.streamed) return null;
    return { status: 411, message: "Length Required: send the body with a Content-Length header." };
  }
  const declared = headers["content-length"];
  // Neither header: HTTP says there is no body.
  if (declared === undefined) return null;
  const length = Number(declared);
  if (Number.isSafeInteger(length) && length <= rule.limit) return null;
  return { status: 413, message: `Payload Too Large: this address accepts at most ${formatBytes(rule.limit)}.` };
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MB` : `${bytes / 1024} KB`;
}
