import "server-only";
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";

/**
 * Where a webhook may be sent: only to public unicast addresses (no loopback, RFC 1918, ULA,
 * link-local and so the cloud metadata address, CGNAT, multicast, unspecified, reserved ranges,
 * nor IPv4-mapped, -compatible, NAT64 or 6to4 forms of any of them), unless WEBHOOK_ALLOWED_HOSTS
 * names the host or a range holding the address. Checked at registration and again at every
 * delivery, on the address the connection is then made to (guardedLookup), so a name that
 * re-resolves to an internal address between check and connect is refused too.
 */
type AllowList = { hosts: Set<string>; ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][] };

function allowList(): AllowList {
  const list: AllowList = { hosts: new Set(), ranges: [] };
  for (const entry of (process.env.WEBHOOK_ALLOWED_HOSTS ?? "").split(",").map((e) => e.trim().toLowerCase())) {
    if (!entry) continue;
    if (entry.includes("/")) list.ranges.push(ipaddr.parseCIDR(entry));
    else if (ipaddr.isValid(entry)) {
      const address = ipaddr.process(entry);
      list.ranges.push([address, address.kind() === "ipv4" ? 32 : 128]);
    } else list.hosts.add(entry);
  }
  return list;
}

/** WEBHOOK_ALLOWED_HOSTS as given, or the sentence saying which entry is not a name, address or CIDR. */
export function allowListProblem(): string | null {
  try {
    allowList();
    return null;
  } catch {
    return `WEBHOOK_ALLOWED_HOSTS (${process.env.WEBHOOK_ALLOWED_HOSTS}) has an entry that is neither a host name, an address nor a CIDR range.`;
  }
}

const bareHost = (hostname: string) => hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();

function isPublicUnicast(address: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  if (address.kind() === "ipv4") return address.range() === "unicast";
  const v6 = address as ipaddr.IPv6;
  // Global unicast is 2000::/3; everything outside it (and special ranges inside it) is refused.
  return v6.range() === "unicast" && v6.parts[0] >= 0x2000 && v6.parts[0] <= 0x3fff;
}

/** Why this address may not be sent to for this URL host, or null when it may. */
export function addressRefusal(address: string, hostname: string): string | null {
  if (!ipaddr.isValid(address)) return `${address} is not an IP address.`;
  // ::ffff:127.0.0.1 is 127.0.0.1: judge the IPv4 address it carries.
  const parsed = ipaddr.process(address);
  const allowed = allowList();
  if (allowed.hosts.has(bareHost(hostname))) return null;
  if (allowed.ranges.some(([range, bits]) => range.kind() === parsed.kind() && parsed.match(range, bits))) return null;
  if (isPublicUnicast(parsed)) return null;
  return `${address} is a ${describeRange(parsed)} address, which webhooks may not be sent to (WEBHOOK_ALLOWED_HOSTS can allow it).`;
}

function describeRange(address: ipaddr.IPv4 | ipaddr.IPv6): string {
  const names: Record<string, string> = {
    loopback: "loopback",
    private: "private (RFC 1918)",
    uniqueLocal: "private (unique local)",
    linkLocal: "link-local",
    carrierGradeNat: "shared (CGNAT)",
    multicast: "multicast",
    broadcast: "broadcast",
    unspecified: "unspecified",
  };
  return names[address.range()] ?? "non-public";
}

export class WebhookAddressRefused extends Error {
  readonly code = "WEBHOOK_ADDRESS_REFUSED";
}

/** Every address a host name resolves to (an IP literal is itself). */
export async function resolveHost(hostname: string): Promise<string[]> {
  const host = bareHost(hostname);
  if (ipaddr.isValid(host)) return [host];
  return new Promise((resolve, reject) =>
    dnsLookup(host, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses.map((a) => a.address)),
    ),
  );
}

/**
 * A `lookup` for node's http(s) agent: resolves the name, refuses it when any address it resolves
 * to is refused, and hands the connection exactly the addresses it checked.
 */
export function guardedLookup(hostname: string): LookupFunction {
  return (name, options, callback) => {
    dnsLookup(name, { all: true, verbatim: true, family: options.family }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, "", 4);
      const refusal = addresses.map((a) => addressRefusal(a.address, hostname)).find((r) => r !== null);
      if (refusal || addresses.length === 0) {
        return callback(new WebhookAddressRefused(refusal ?? `${name} resolves to no address.`), "", 4);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

/** Why this URL may not receive webhooks, or null: its scheme, then every address its host resolves to. */
export async function webhookUrlRefusal(url: URL): Promise<string | null> {
  if (url.protocol !== "https:" && url.protocol !== "http:")
    return "Only http:// and https:// URLs can receive webhooks.";
  if (url.username || url.password) return "Put no user name or password in the URL: each delivery is signed instead.";
  const problem = allowListProblem();
  if (problem) return problem;
  let addresses: string[];
  try {
    addresses = await resolveHost(url.hostname);
  } catch {
    return `${bareHost(url.hostname)} could not be resolved to an address.`;
  }
  for (const address of addresses) {
    const refusal = addressRefusal(address, url.hostname);
    if (refusal) return `${bareHost(url.hostname)}: ${refusal}`;
  }
  return null;
}
