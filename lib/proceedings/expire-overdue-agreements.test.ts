import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors/app-error";
import { openAgreementForSigning } from "@/lib/agreements/open-agreement-for-signing";
import { signAgreement } from "@/lib/agreements/sign-agreement";
import { verifyAuditChain } from "@/lib/audit/verify-chain";
import { AUTHOR, issueTestAgreement } from "@/test/agreement-fixtures";
import { expireOverdueAgreements } from "./expire-overdue-agreements";

const HOUR = 60 * 60 * 1000;
const past = () => new Date(Date.now() - HOUR);

async function linksOf(agreementId: string, data: { expiresAt?: Date; revokedAt?: Date }) {
  await db.signingLink.updateMany({ where: { agreementId }, data });
}

const statusOf = async (id: string) => (await db.agreement.findUniqueOrThrow({ where: { id } })).status;
const expiredEvents = (agreementId: string) =>
  db.auditEvent.findMany({ where: { agreementId, type: "agreement.expired" } });

describe("expiring agreements nobody can sign any more", () => {
  it("expires an open agreement whose links have all expired or been revoked, once, even when two runs race", async () => {
    const lapsed = await issueTestAgreement({ articleTitle: "Lapsed Paper" });
    await linksOf(lapsed.agreement.id, { expiresAt: past() });
    const revoked = await issueTestAgreement({ articleTitle: "Revoked Paper" });
    await linksOf(revoked.agreement.id, { revokedAt: past() });
    // One link lapsed, a newer one (from a reminder) still valid: the author can still sign.
    const renewed = await issueTestAgreement({ articleTitle: "Renewed Paper" });
    await linksOf(renewed.agreement.id, { expiresAt: past() });
    await db.signingLink.create({
      data: { agreementId: renewed.agreement.id, tokenHash: "f".repeat(64), expiresAt: new Date(Date.now() + HOUR) },
    });
    const valid = await issueTestAgreement({ articleTitle: "Valid Paper" });
    const signed = await issueTestAgreement({ articleTitle: "Signed Paper" });
    await signAgreement(AUTHOR, { token: signed.token, typedName: "Zhang Haoyang" });
    await linksOf(signed.agreement.id, { expiresAt: past() });

    const runs = await Promise.all([expireOverdueAgreements(), expireOverdueAgreements()]);
    expect(runs[0].expired + runs[1].expired).toBe(2);
    for (const { agreement } of [lapsed, revoked]) {
      expect(await statusOf(agreement.id)).toBe("expired");
      expect(await expiredEvents(agreement.id)).toHaveLength(1);
    }
    expect(await statusOf(renewed.agreement.id)).toBe("sent");
    expect(await statusOf(valid.agreement.id)).toBe("sent");
    expect(await statusOf(signed.agreement.id)).toBe("signed");
    for (const { agreement } of [renewed, valid, signed]) expect(await expiredEvents(agreement.id)).toEqual([]);

    expect(await expireOverdueAgreements()).toEqual({ expired: 0 });
    expect((await verifyAuditChain()).intact).toBe(true);
    const refusal = await openAgreementForSigning(AUTHOR, { token: lapsed.token }).catch((error: unknown) => error);
    expect(isAppError(refusal, "LINK_EXPIRED")).toBe(true);
  });

  it("judges expiry at the time it is given", async () => {
    const { agreement } = await issueTestAgreement({ articleTitle: "Judged Later" });
    await linksOf(agreement.id, { expiresAt: new Date(Date.now() + 400 * 24 * HOUR) });
    const link = await db.signingLink.findFirstOrThrow({ where: { agreementId: agreement.id } });
    await expireOverdueAgreements(new Date(link.expiresAt.getTime() - 1));
    expect(await statusOf(agreement.id)).toBe("sent");
    await expireOverdueAgreements(link.expiresAt);
    expect(await statusOf(agreement.id)).toBe("expired");
    const [event] = await expiredEvents(agreement.id);
    expect(event.data).toMatchObject({ lastLinkExpiresAt: link.expiresAt.toISOString(), links: 1 });
  });
});
