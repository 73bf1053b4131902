import pg from "pg";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors/app-error";
import { openAgreementForSigning } from "@/lib/agreements/open-agreement-for-signing";
import { signAgreement } from "@/lib/agreements/sign-agreement";
import { verifyAuditChain } from "@/lib/audit/verify-chain";
import { AUTHOR, issueTestAgreement } from "@/test/agreement-fixtures";
import { seedOpenAgreements } from "@/scripts/bench/seed-open-agreements";
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

  it("expires 35,000 stale agreements in one sweep, each once with one event, while a second sweep runs beside it", async () => {
    await issueTestAgreement({ articleTitle: "Template Source" });
    const owner = new pg.Client({ connectionString: process.env.TEST_OWNER_DATABASE_URL });
    await owner.connect();
    try {
      const { volumeId } = await seedOpenAgreements(owner, {
        volume: "Stale Volume",
        count: 35_000,
        linkHoursFromNow: -1,
      });
      // Still signable: the sweeps must leave these alone.
      const { volumeId: liveId } = await seedOpenAgreements(owner, {
        volume: "Live Volume",
        count: 500,
        linkHoursFromNow: 24,
      });

      const runs = await Promise.all([expireOverdueAgreements(), expireOverdueAgreements()]);
      expect(runs[0].expired + runs[1].expired).toBe(35_000);
      // Both took part: the second did not just wait for the first to finish.
      expect(Math.min(runs[0].expired, runs[1].expired)).toBeGreaterThan(0);

      const count = async (sql: string, ...values: unknown[]) =>
        Number((await owner.query<{ n: string }>(sql, values)).rows[0].n);
      expect(
        await count(
          `SELECT count(*) AS n FROM "Agreement" WHERE "proceedingsId" = $1 AND status = 'expired'`,
          volumeId,
        ),
      ).toBe(35_000);
      expect(
        await count(
          `SELECT count(*) AS n FROM "Agreement" WHERE "proceedingsId" = $1 AND status IN ('sent', 'viewed')`,
          liveId,
        ),
      ).toBe(500);
      const events = `SELECT count(*) AS n, count(DISTINCT e."agreementId") AS agreements FROM "AuditEvent" e
        JOIN "Agreement" a ON a.id = e."agreementId" WHERE e.type = 'agreement.expired' AND a."proceedingsId" = $1`;
      const { rows } = await owner.query<{ n: string; agreements: string }>(events, [volumeId]);
      expect(rows[0]).toEqual({ n: "35000", agreements: "35000" });
      expect(await count(events, liveId)).toBe(0);
      const [sample] = await expiredEvents(`${volumeId}-000007`);
      const link = await db.signingLink.findFirstOrThrow({ where: { agreementId: `${volumeId}-000007` } });
      expect(sample).toMatchObject({
        actor: "system",
        data: { lastLinkExpiresAt: link.expiresAt.toISOString(), links: 1 },
      });

      expect(await expireOverdueAgreements()).toEqual({ expired: 0 });
      expect((await verifyAuditChain()).intact).toBe(true);
    } finally {
      await owner.end();
    }
  }, 120_000);
});
