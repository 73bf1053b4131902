import "server-only";
import { headers } from "next/headers";

// How many reverse proxies in front of the app append to X-Forwarded-For. The entry they add
// last is the one nobody outside could forge; entries further left are whatever the client sent.
const trustedProxyHops = Number(process.env.TRUSTED_PROXY_HOPS ?? 0);

export function clientIp(forwardedFor: string | null, realIp: string | null): string | null {
  const hops = (forwardedFor ?? "").split(",").map((entry) => entry.trim()).filter(Boolean);
  const fromProxy = hops[hops.length - 1 - trustedProxyHops] ?? hops[0];
  return (fromProxy || realIp || null)?.slice(0, 100) ?? null;
}

/** Who is asking, as evidence: the client's IP address and browser. */
export async function requester() {
  const h = await headers();
  return { ip: clientIp(h.get("x-forwarded-for"), h.get("x-real-ip")), userAgent: h.get("user-agent")?.slice(0, 500) ?? null };
}
