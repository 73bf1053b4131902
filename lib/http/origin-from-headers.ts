import "server-only";
import type { RequestOrigin } from "@/lib/audit/audit-context";
import { CLIENT_IP_HEADER, isFrontDoorProcess } from "./edge/internal-headers";
import { recordableAddress } from "./edge/recordable-address";

// Apart from lib/http/requester.ts (which reads Next's request headers): the REST API's door runs
// outside Next and reads node's request head through these.

type HeaderSource = { get(name: string): string | null };

let warned = false;

/**
 * A header the front door (scripts/web-server.ts) set, or null. It deletes any copy a client sent;
 * under plain `next start` nobody does, so there the header is refused outright.
 */
export function frontDoorHeader(source: HeaderSource, name: string): string | null {
  if (!isFrontDoorProcess()) {
    if (!warned) console.warn("Not started through scripts/web-server.ts: client addresses are not recorded.");
    warned = true;
    return null;
  }
  return source.get(name);
}

/**
 * The client's address as the front door established it: the TCP peer, or behind TRUSTED_PROXIES
 * the right-most X-Forwarded-For entry they did not add. What a client says (X-Forwarded-For,
 * X-Real-IP) is never read here.
 */
export function clientIp(source: HeaderSource): string | null {
  return recordableAddress(frontDoorHeader(source, CLIENT_IP_HEADER));
}

/** requestOrigin from a request's own headers (the REST API's door reads node's request head). */
export function originFromHeaders(h: HeaderSource): RequestOrigin {
  // A header is latin1 bytes the client chose: C0/C1 controls and invisible format characters would
  // show in staff pages and exports but vanish from the PDF certificate, so they are not recorded.
  const userAgent = h
    .get("user-agent")
    ?.replace(/[\p{Cc}\p{Cf}]/gu, "")
    .trim()
    .slice(0, 500);
  return { ip: clientIp(h), userAgent: userAgent || null };
}
