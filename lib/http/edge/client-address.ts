import { isIP } from "node:net";
import proxyaddr from "proxy-addr";
import { recordableAddress } from "./recordable-address";

export type TrustProxy = (address: string, hop: number) => boolean;

/**
 * The proxies whose X-Forwarded-For entries we believe: TRUSTED_PROXIES, a comma-separated list
 * of addresses and CIDRs (IPv4 or IPv6; also proxy-addr's names loopback, linklocal, uniquelocal).
 * Empty means none: the TCP peer is the client. A typo must stop the start, not trust nobody
 * silently, so proxy-addr's "invalid IP address" is rethrown naming the variable.
 */
export function compileTrustedProxies(list: string | undefined): TrustProxy {
  const entries = (list ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  try {
    const trusted = proxyaddr.compile(entries);
    // proxy-addr's parser also reads "2130706433" or "127.1" as 127.0.0.1; only a plain address may be a trusted hop.
    return (address, hop) => isIP(address) !== 0 && trusted(address, hop);
  } catch (error) {
    throw new Error(
      `TRUSTED_PROXIES: ${error instanceof Error ? error.message : String(error)} (expected addresses or CIDRs separated by commas)`,
    );
  }
}

/**
 * Express's "trust proxy" rule: start from the TCP peer and walk X-Forwarded-For from the right
 * while the hop we stand on is trusted; the first untrusted hop is the client. Entries further left
 * are whatever the client chose to send. A hop that is not an IP address is never trusted, and is
 * recorded as nothing rather than as garbage.
 */
export function clientAddress(
  { peer, forwardedFor }: { peer: string | undefined; forwardedFor: string | undefined },
  trust: TrustProxy,
): string | null {
  if (!peer) return null;
  const request = {
    socket: { remoteAddress: peer },
    connection: { remoteAddress: peer },
    headers: forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor },
  };
  return recordableAddress(proxyaddr(request as unknown as Parameters<typeof proxyaddr>[0], trust));
}
