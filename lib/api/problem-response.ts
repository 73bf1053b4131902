import "server-only";
import { appUrl } from "@/lib/config/app-config";
import type { AppErrorCode } from "@/lib/errors/app-error";
import { describeError } from "@/lib/errors/describe-error";

/** Where each error code is documented: the `type` of its problems (RFC 9457), stable per code. */
export const PROBLEMS_PATH = "/api/v1/problems";

export function problemAnchor(code: AppErrorCode): string {
  return code.toLowerCase().replaceAll("_", "-");
}

export function problemType(code: AppErrorCode): string {
  return `${appUrl()}${PROBLEMS_PATH}#${problemAnchor(code)}`;
}

/** One problem of a request's input: a JSON pointer into the body, or a named parameter or header. */
export type ProblemDetailItem = { detail: string; pointer?: string; parameter?: string; header?: string };

// Validation problems travel in AppError.fieldErrors (one error type for every caller); the key says
// where the problem is: "#/title" (the body), "query:limit", "path:id", "header:idempotency-key".
export function problemLocationKey(place: "body" | "query" | "path" | "header", path: PropertyKey[]): string {
  if (place === "body")
    return `#${path.map((part) => `/${String(part).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("")}`;
  return `${place}:${path.map(String).join(".")}`;
}

function problemItem(key: string, detail: string): ProblemDetailItem {
  if (key.startsWith("#")) return { pointer: key.slice(1), detail };
  const [place, name] = [key.slice(0, key.indexOf(":")), key.slice(key.indexOf(":") + 1)];
  if (place === "header") return { header: name, detail };
  return { parameter: name, detail };
}

/**
 * The one way the REST API answers an error: application/problem+json (RFC 9457) built from
 * describeError, so the status, title and sentence are the catalogue's (lib/errors/error-messages.ts).
 * `code` repeats the error code for clients that switch on it; `errors` lists every input problem.
 */
export function problemAnswer(
  error: unknown,
  extraHeaders?: Record<string, string>,
): { status: number; code: AppErrorCode; headers: Record<string, string>; body: string } {
  const { code, status, title, userMessage, fieldErrors, retryAfterSeconds } = describeError(error);
  const headers: Record<string, string> = {
    ...extraHeaders,
    "Content-Type": "application/problem+json",
    "Cache-Control": "no-store",
  };
  if (retryAfterSeconds !== undefined) headers["Retry-After"] = String(retryAfterSeconds);
  const body: Record<string, unknown> = { type: problemType(code), title, status, detail: userMessage, code };
  if (fieldErrors) body.errors = Object.entries(fieldErrors).map(([key, detail]) => problemItem(key, detail));
  return { status, code, headers, body: JSON.stringify(body) };
}
