import { describe, expect, it } from "vitest";
import { clientAddress, compileTrustedProxies } from "./client-address";
import { recordableAddress } from "./recordable-address";

const noProxies = compileTrustedProxies(undefined);
const address = (peer: string, forwardedFor: string | undefined, trusted = noProxies) =>
  clientAddress({ peer, forwardedFor }, trusted);

describe("the client address: the TCP peer unless it is a trusted proxy", () => {
  it("ignores X-Forwarded-For entirely when no proxy is trusted", () => {
    expect(address("127.0.0.1", "203.0.113.9")).toBe("127.0.0.1");
    expect(address("198.51.100.4", "203.0.113.9, 10.0.0.1")).toBe("198.51.100.4");
  });

  it("ignores X-Forwarded-For from a peer that is not in TRUSTED_PROXIES", () => {
    const trusted = compileTrustedProxies("10.0.0.0/8");
    expect(address("198.51.100.4", "203.0.113.9", trusted)).toBe("198.51.100.4");
  });

  it("takes the right-most entry the trusted proxies did not add, whatever the client put further left", () => {
    const trusted = compileTrustedProxies("127.0.0.1, 10.0.0.0/8");
    expect(address("127.0.0.1", "203.0.113.9", trusted)).toBe("203.0.113.9");
    // The client claims 192.0.2.1; nginx (10.0.0.5) appended the real peer 198.51.100.7; the load
    // balancer at 127.0.0.1 appended 10.0.0.5.
    expect(address("127.0.0.1", "192.0.2.1, 198.51.100.7, 10.0.0.5", trusted)).toBe("198.51.100.7");
  });

  it("falls back to the left-most entry when every hop is trusted (Express's rule)", () => {
    const trusted = compileTrustedProxies("10.0.0.0/8, 127.0.0.1");
    expect(address("127.0.0.1", "10.0.0.9, 10.0.0.5", trusted)).toBe("10.0.0.9");
    expect(address("127.0.0.1", undefined, trusted)).toBe("127.0.0.1");
  });

  it("reads IPv6 peers and CIDRs, and matches IPv4-mapped peers against IPv4 ranges", () => {
    const trusted = compileTrustedProxies("::1, 2001:db8:1::/48, 10.0.0.0/8");
    expect(address("::1", "2001:DB8:FFFF::0001", trusted)).toBe("2001:db8:ffff::1");
    expect(address("2001:db8:1:2::3", "198.51.100.7", trusted)).toBe("198.51.100.7");
    expect(address("2001:db8:2::3", "198.51.100.7", trusted)).toBe("2001:db8:2::3");
    expect(address("::ffff:10.1.2.3", "198.51.100.7", trusted)).toBe("198.51.100.7");
    expect(address("::ffff:127.0.0.1", "198.51.100.7")).toBe("127.0.0.1");
  });

  it("records nothing when the hop that would be the client is not an IP address", () => {
    const trusted = compileTrustedProxies("127.0.0.1");
    expect(address("127.0.0.1", "<script>alert(1)</script>", trusted)).toBeNull();
    expect(address("127.0.0.1", "1.2.3.4.5", trusted)).toBeNull();
    expect(address("127.0.0.1", "unknown", trusted)).toBeNull();
    expect(address("127.0.0.1", "198.51.100.7, not-an-ip", trusted)).toBeNull();
  });

  it("never trusts a hop written in a form only a lenient parser reads as a trusted address", () => {
    const trusted = compileTrustedProxies("127.0.0.1");
    // 2130706433 and 127.1 are 127.0.0.1 to some parsers: treated as the client (and not recorded), not as our proxy.
    expect(address("127.0.0.1", "203.0.113.9, 2130706433", trusted)).toBeNull();
    expect(address("127.0.0.1", "203.0.113.9, 127.1", trusted)).toBeNull();
  });

  it("refuses a TRUSTED_PROXIES entry that is not an address, naming the variable", () => {
    expect(() => compileTrustedProxies("10.0.0.0/8, nginx.internal")).toThrow(/TRUSTED_PROXIES/);
    expect(() => compileTrustedProxies("10.0.0.0/33")).toThrow(/TRUSTED_PROXIES/);
  });
});

describe("what may be recorded as an address", () => {
  it("keeps plain IPv4 and IPv6 addresses in one canonical form", () => {
    expect(recordableAddress("203.0.113.9")).toBe("203.0.113.9");
    expect(recordableAddress(" 2001:0db8:0000:0000:0000:0000:0000:0001 ")).toBe("2001:db8::1");
    expect(recordableAddress("::ffff:198.51.100.7")).toBe("198.51.100.7");
  });

  it("refuses anything else", () => {
    for (const value of [
      "",
      "1.2.3.4.5",
      "256.1.1.1",
      "0x7f.0.0.1",
      "127.1",
      "fe80::1%eth0",
      "<script>",
      "203.0.113.9:443",
      "[::1]",
      null,
      undefined,
    ]) {
      expect(recordableAddress(value)).toBeNull();
    }
  });
});
