// Headers only the front door (scripts/web-server.ts) may set. It deletes any copy a client sends
// under these names and writes its own; app code reads them through lib/http/requester.ts.
import { REQUEST_PATH_HEADER } from "../../auth/record-refusal-path";

/** The client's address as the front door worked it out (TCP peer, or right-most untrusted X-Forwarded-For hop). */
export const CLIENT_IP_HEADER = "x-imprimatur-client-ip";
export { REQUEST_PATH_HEADER };

/** Every request header name the front door owns: anything starting with this is stripped on the way in. */
export const INTERNAL_HEADER_PREFIX = "x-imprimatur-";

// `next start` run by hand passes client headers straight through, so a header is trusted only in
// a process the front door started. A symbol on globalThis cannot be set from outside the process.
const FRONT_DOOR = Symbol.for("imprimatur.front-door");

export function markFrontDoorProcess() {
  (globalThis as Record<symbol, unknown>)[FRONT_DOOR] = true;
}

export function isFrontDoorProcess(): boolean {
  return (globalThis as Record<symbol, unknown>)[FRONT_DOOR] === true;
}
