import { describe, expect, it } from "vitest";
import { authorContext } from "@/lib/audit/audit-context";
import type { OpenedSigningLink } from "./open-signing-link";
import { linkFromPass, signingLinkPass } from "./signing-link-pass";

const origin = { ip: "198.51.100.7", userAgent: "Mozilla/5.0 (test author)" };
const token = "T".repeat(43);
const openedAt = new Date("2026-11-30T12:00:00.000Z");
const link: OpenedSigningLink = {
  linkId: "link-1",
  agreementId: "agreement-1",
  agreementStatus: "sent",
  expiresAt: new Date("2026-12-30T12:00:00.000Z"),
  openedAt,
  authorEmail: "haoyang@example.org",
  signerId: "signer-1",
  author: authorContext("haoyang@example.org", { ip: "203.0.113.1", userAgent: null }),
};
const later = (ms: number) => new Date(openedAt.getTime() + ms);

describe("the pass the proxy hands the signing page", () => {
  it("gives the page the link the proxy opened, naming the author with the page's request origin", () => {
    expect(linkFromPass(signingLinkPass(token, link), token, origin, later(50))).toEqual({
      ...link,
      author: authorContext("haoyang@example.org", origin),
    });
  });

  it("is worth nothing for another token, altered, stale, or missing: the page then opens the link itself", () => {
    const pass = signingLinkPass(token, link);
    expect(linkFromPass(pass, "U".repeat(43), origin, later(50))).toBeNull();
    const [payload, signature] = pass.split(".");
    const fields = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    const forged = Buffer.from(JSON.stringify({ ...fields, agreementId: "agreement-2" })).toString("base64url");
    expect(linkFromPass(`${forged}.${signature}`, token, origin, later(50))).toBeNull();
    expect(linkFromPass(`${payload}.${signature}x`, token, origin, later(50))).toBeNull();
    expect(linkFromPass(pass, token, origin, later(31_000))).toBeNull();
    expect(linkFromPass(pass, token, origin, later(-1_000))).toBeNull();
    expect(linkFromPass(null, token, origin)).toBeNull();
    expect(linkFromPass("not-a-pass", token, origin)).toBeNull();
  });

  it("is refused by a process with another key, as one made outside this process would be", () => {
    const pass = signingLinkPass(token, link);
    const holder = globalThis as Record<symbol, unknown>;
    const key = Symbol.for("imprimatur.signing-link-pass-key");
    const own = holder[key];
    try {
      delete holder[key];
      expect(linkFromPass(pass, token, origin, later(50))).toBeNull();
    } finally {
      holder[key] = own;
    }
  });
});
