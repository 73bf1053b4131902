import "server-only";
import { headers } from "next/headers";
import type { RequestOrigin } from "@/lib/audit/audit-context";
import { originFromHeaders } from "./origin-from-headers";

export { clientIp, frontDoorHeader, originFromHeaders } from "./origin-from-headers";

/**
 * Where the current request came from, as evidence: the client's IP address and browser. The one
 * reader of these headers: operations get them inside an AuditContext (lib/audit/audit-context.ts).
 */
export async function requestOrigin(): Promise<RequestOrigin> {
  return originFromHeaders(await headers());
}
