import { isIP } from "node:net";
import ipaddr from "ipaddr.js";

/**
 * An IP address in the one form we record (IPv4 dotted quad, IPv6 compressed lower case; an
 * IPv4-mapped IPv6 address as its IPv4), or null for anything that is not an address. A forwarded
 * header is free text; only a real address may become evidence.
 */
export function recordableAddress(value: string | null | undefined): string | null {
  const candidate = value?.trim();
  // Zone ids (fe80::1%eth0) name an interface on the proxy, not a client.
  if (!candidate || candidate.length > 45 || candidate.includes("%") || isIP(candidate) === 0) return null;
  return ipaddr.process(candidate).toString();
}
