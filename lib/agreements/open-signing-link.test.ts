import { describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors/app-error";
import { AUTHOR, issueTestAgreement } from "@/test/agreement-fixtures";
import { openSigningLink } from "./open-signing-link";
import { signAgreement } from "./sign-agreement";

// Each test plays a client of its own (its own address), so their throttles never meet.
const from = (ip: string) => ({ ip, userAgent: "vitest" });
const unknownToken = (i: number) => `unknown${String(i).padStart(36, "0")}`;

async function codeOf(promise: Promise<unknown>) {
  return promise.then(
    () => "no error",
    (error: unknown) => (isAppError(error) ? error.code : Promise.reject(error)),
  );
}

describe("opening a signing link (the one door for every purpose)", () => {
  it("returns the agreement and the author, as every event through the link names them", async () => {
    const { agreement, token } = await issueTestAgreement();
    const opened = await openSigningLink(token, "view", AUTHOR);
    expect(opened).toMatchObject({ agreementId: agreement.id, agreementStatus: "sent" });
    const actor = `author:${agreement.correspondingAuthorEmail}`;
    expect(opened.author).toEqual({ kind: "author", actor, staffId: null, ...AUTHOR });
  });

  it("after 20 unknown links refuses that address with 429 and Retry-After, even for a valid link", async () => {
    const { token } = await issueTestAgreement();
    const prober = from("203.0.113.70");
    for (let i = 0; i < 20; i++) {
      expect(await codeOf(openSigningLink(unknownToken(i), "download", prober))).toBe("LINK_UNKNOWN");
    }
    const refused = await openSigningLink(token, "view", prober).catch((error: unknown) => error);
    expect(isAppError(refused, "RATE_LIMITED") && refused.status).toBe(429);
    expect(isAppError(refused) && refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(await codeOf(openSigningLink(token, "view", from("203.0.113.71")))).toBe("no error");
  });

  it("a valid, expired or withdrawn link never spends the allowance: only unknown links count", async () => {
    const { token } = await issueTestAgreement();
    for (let i = 0; i < 25; i++) await openSigningLink(token, "status", from("203.0.113.72"));
    for (let i = 0; i < 19; i++) await codeOf(openSigningLink(unknownToken(i), "status", from("203.0.113.72")));
    expect(await codeOf(openSigningLink(token, "status", from("203.0.113.72")))).toBe("no error");
  });

  it("clients without a known address share one allowance", async () => {
    for (let i = 0; i < 20; i++) await codeOf(openSigningLink(unknownToken(i), "status", { ip: null, userAgent: "a" }));
    const another = openSigningLink(unknownToken(99), "status", { ip: null, userAgent: "b" });
    expect(await codeOf(another)).toBe("RATE_LIMITED");
  });

  it("opened to download an unsigned agreement, says it is not signed (not that it cannot be signed)", async () => {
    const { token } = await issueTestAgreement();
    const refused = await openSigningLink(token, "download", AUTHOR).catch((error: unknown) => error);
    expect(isAppError(refused, "NOT_SIGNED") && refused.userMessage).toBe("Only a signed agreement has a signed PDF.");
    await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" });
    expect(await codeOf(openSigningLink(token, "download", AUTHOR))).toBe("no error");
  });
});
