import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { emailForDelivery } from "@/lib/mail/outbox";
import { openAgreementForSigning } from "@/lib/agreements/open-agreement-for-signing";
import { verifyAuditChain } from "@/lib/audit/verify-chain";
import { issueRows, type IssueRow } from "./issue-rows";
import { AUTHOR } from "@/test/agreement-fixtures";

async function volume(name: string) {
  return db.proceedings.create({ data: { name, shortName: name.toLowerCase().replace(/\W+/g, "-"), linkExpiryDays: 14 } });
}

const rows = (n: number, prefix = "P"): IssueRow[] =>
  Array.from({ length: n }, (_, i) => ({
    paperId: `${prefix}${i + 1}`,
    articleTitle: `Paper number ${i + 1}`,
    correspondingAuthorName: `Author ${i + 1}`,
    correspondingAuthorEmail: `author${i + 1}@example.org`,
    authors: [`Author ${i + 1}`, "Co Author"],
  }));

const issuer = { issuedById: null, actor: "staff:test" };

describe("issuing a batch of a volume's papers", () => {
  it("creates each agreement with its link, queued invitation, delivery job and audit events", async () => {
    const v = await volume("Batch Volume");
    const result = await db.$transaction((tx) => issueRows(tx, v, rows(25), issuer));
    expect(result).toEqual({ issued: 25, skipped: 0 });
    const agreements = await db.agreement.findMany({ where: { proceedingsId: v.id }, include: { signingLinks: true, emails: true } });
    expect(agreements).toHaveLength(25);
    for (const agreement of agreements) {
      expect(agreement.signingLinks).toHaveLength(1);
      expect(agreement.emails).toHaveLength(1);
      expect(agreement.text).toContain(`${agreement.articleTitle}.`);
    }
    const jobs = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM graphile_worker.jobs WHERE task_identifier = 'deliver_email' AND key LIKE 'email:%'`;
    expect(Number(jobs[0].n)).toBeGreaterThanOrEqual(25);
    expect(await db.auditEvent.count({ where: { agreementId: { in: agreements.map((a) => a.id) } } })).toBe(50);
    expect((await verifyAuditChain()).intact).toBe(true);
    const email = agreements[0].emails[0];
    const token = /\/sign\/([A-Za-z0-9_-]{43})/.exec(emailForDelivery(email).text)![1];
    expect((await openAgreementForSigning(AUTHOR, { token })).agreementId).toBe(agreements[0].id);
    const days = (agreements[0].signingLinks[0].expiresAt.getTime() - Date.now()) / 86_400_000;
    expect(Math.round(days)).toBe(14);
  });

  it("issues nothing twice, however often and however concurrently the same rows are issued", async () => {
    const v = await volume("Rerun Volume");
    const batch = rows(30, "R");
    const results = await Promise.all([1, 2, 3].map(() => db.$transaction((tx) => issueRows(tx, v, batch, issuer))));
    expect(results.reduce((sum, r) => sum + r.issued, 0)).toBe(30);
    expect(await db.$transaction((tx) => issueRows(tx, v, batch, issuer))).toEqual({ issued: 0, skipped: 30 });
    expect(await db.agreement.count({ where: { proceedingsId: v.id } })).toBe(30);
    expect(await db.emailMessage.count({ where: { agreement: { proceedingsId: v.id } } })).toBe(30);
  });
});
