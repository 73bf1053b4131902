import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { staffActing } from "@/test/contexts";
import { emailForDelivery } from "@/lib/mail/outbox";
import { openAgreementForSigning } from "@/lib/agreements/open-agreement-for-signing";
import { verifyAuditChain } from "@/lib/audit/verify-chain";
import { issueAgreement } from "@/lib/agreements/issue-agreement";
import { sqlAs } from "@/test/database-as";
import { issueRows, type IssueRow } from "./issue-rows";
import { AUTHOR } from "@/test/agreement-fixtures";

type JobRow = {
  task: string;
  max_attempts: number;
  key: string;
  payload: unknown;
  job_queue_id: number | null;
  priority: number;
  flags: unknown;
};

async function volume(name: string) {
  return db.proceedings.create({
    data: { name, shortName: name.toLowerCase().replace(/\W+/g, "-"), linkExpiryDays: 14 },
  });
}

const rows = (n: number, prefix = "P"): IssueRow[] =>
  Array.from({ length: n }, (_, i) => ({
    paperId: `${prefix}${i + 1}`,
    articleTitle: `Paper number ${i + 1}`,
    correspondingAuthorName: `Author ${i + 1}`,
    correspondingAuthorEmail: `author${i + 1}@example.org`,
    authors: [`Author ${i + 1}`, "Co Author"],
  }));

const issuer = staffActing("test@example.org");

describe("issuing a batch of a volume's papers", () => {
  it("creates each agreement with its link, queued invitation, delivery job and audit events", async () => {
    const v = await volume("Batch Volume");
    const result = await db.$transaction((tx) => issueRows(tx, issuer, v, rows(25)));
    expect(result).toMatchObject({ issued: 25, skipped: 0 });
    const agreements = await db.agreement.findMany({
      where: { proceedingsId: v.id },
      include: { signingLinks: true, emails: true },
    });
    expect(agreements).toHaveLength(25);
    for (const agreement of agreements) {
      expect(agreement.signingLinks).toHaveLength(1);
      expect(agreement.emails).toHaveLength(1);
      expect(agreement.text).toContain(`${agreement.articleTitle}.`);
    }
    const jobs = await db.$queryRaw<
      { n: bigint }[]
    >`SELECT count(*) AS n FROM graphile_worker.jobs WHERE task_identifier = 'deliver_email' AND key LIKE 'email:%'`;
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
    const results = await Promise.all([1, 2, 3].map(() => db.$transaction((tx) => issueRows(tx, issuer, v, batch))));
    expect(results.reduce((sum, r) => sum + r.issued, 0)).toBe(30);
    expect(await db.$transaction((tx) => issueRows(tx, issuer, v, batch))).toMatchObject({
      issued: 0,
      skipped: 30,
      created: [],
    });
    expect(await db.agreement.count({ where: { proceedingsId: v.id } })).toBe(30);
    expect(await db.emailMessage.count({ where: { agreement: { proceedingsId: v.id } } })).toBe(30);
  });

  it("writes links, emails, jobs and events only for the papers of a batch the volume did not have", async () => {
    const v = await volume("Partly Issued Volume");
    const batch = rows(6, "Q");
    const start = new Date();
    const first = await db.$transaction((tx) => issueRows(tx, issuer, v, batch.slice(0, 4)));
    const again = await db.$transaction((tx) => issueRows(tx, issuer, v, batch));
    expect(again).toMatchObject({ issued: 2, skipped: 4 });
    expect(again.created.map((a) => a.paperId).sort()).toEqual(["Q5", "Q6"]);
    const agreements = await db.agreement.findMany({
      where: { proceedingsId: v.id },
      include: { signingLinks: true, emails: true },
    });
    expect(agreements).toHaveLength(6);
    for (const agreement of agreements) {
      expect(agreement.signingLinks).toHaveLength(1);
      expect(agreement.emails).toHaveLength(1);
    }
    const events = await db.auditEvent.findMany({
      where: { agreementId: { in: agreements.map((a) => a.id) } },
      select: { agreementId: true, type: true },
    });
    expect(events).toHaveLength(12);
    const firstIds = new Set(first.created.map((a) => a.id));
    // The skipped papers' second drafts left no event behind, and only the new ones' came after.
    expect(
      events
        .filter((e) => !firstIds.has(e.agreementId!))
        .map((e) => e.type)
        .sort(),
    ).toEqual(["agreement.issued", "agreement.issued", "email.queued", "email.queued"]);
    const emailIds = agreements.flatMap((a) => a.emails.map((e) => e.id));
    const jobs = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM graphile_worker.jobs
      WHERE task_identifier = 'deliver_email' AND key = ANY(${emailIds.map((id) => `email:${id}`)})`;
    expect(Number(jobs[0].n)).toBe(6);
    const strays = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM graphile_worker.jobs j
      WHERE task_identifier = 'deliver_email' AND created_at >= ${start}
        AND NOT EXISTS (SELECT 1 FROM "EmailMessage" m WHERE 'email:' || m.id = j.key)`;
    expect(Number(strays[0].n)).toBe(0);
    expect((await verifyAuditChain()).intact).toBe(true);
  });
});

describe("batch and single issuing", () => {
  const paper = {
    articleTitle: "One Paper, Two Ways",
    correspondingAuthorName: "Ada Lovelace",
    correspondingAuthorEmail: "ada@example.org",
    authors: ["Ada Lovelace"],
  };

  /** The same paper issued once through the issue form's operation and once through a CSV batch, in one volume. */
  async function issueBothWays(name: string) {
    const v = await volume(name);
    const single = await issueAgreement(issuer, { ...paper, proceedings: name });
    await db.$transaction((tx) => issueRows(tx, issuer, v, [{ ...paper, paperId: "P1" }]));
    const batch = await db.agreement.findFirstOrThrow({ where: { proceedingsId: v.id, paperId: "P1" } });
    return { single, batch };
  }

  it("record the same agreement.issued data", async () => {
    const { single, batch } = await issueBothWays("Same Event Volume");
    const issued = async (agreementId: string) => {
      const event = await db.auditEvent.findFirstOrThrow({ where: { agreementId, type: "agreement.issued" } });
      return event.data as Record<string, unknown>;
    };
    const [fromForm, fromCsv] = [await issued(single.id), await issued(batch.id)];
    expect(Object.keys(fromForm).sort()).toEqual(Object.keys(fromCsv).sort());
    expect(fromCsv.paperId).toBe("P1");
    expect(fromForm.paperId).toBeNull();
    // Same paper, volume and template: only the paper id and the link's deadline (ms apart) differ.
    expect({ ...fromForm, paperId: "P1", linkExpiresAt: "" }).toEqual({ ...fromCsv, linkExpiresAt: "" });
    expect(new Date(fromForm.linkExpiresAt as string).toISOString()).toBe(fromForm.linkExpiresAt);
  });

  it("queue the invitation's delivery as identical job rows", async () => {
    const { single, batch } = await issueBothWays("Same Job Volume");
    const jobOf = async (agreementId: string) => {
      const email = await db.emailMessage.findFirstOrThrow({ where: { agreementId, kind: "invitation" } });
      // The payload is kept in the queue's private table, which only its owner reads.
      const { rows } = await sqlAs<JobRow>(
        "owner",
        `SELECT t.identifier AS task, j.max_attempts, j.key, j.payload, j.job_queue_id, j.priority, j.flags
         FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id
         WHERE j.payload->>'emailId' = $1`,
        [email.id],
      );
      expect(rows).toHaveLength(1);
      const job = rows[0];
      return { emailId: email.id, job };
    };
    const [fromForm, fromCsv] = [await jobOf(single.id), await jobOf(batch.id)];
    const { emailId } = fromForm;
    const expected = { task: "deliver_email", max_attempts: 12, key: `email:${emailId}`, payload: { emailId } };
    expect(fromForm.job).toEqual({ ...expected, job_queue_id: null, priority: 0, flags: null });
    const other = fromCsv.emailId;
    expect(fromCsv.job).toEqual({ ...fromForm.job, key: `email:${other}`, payload: { emailId: other } });
  });
});
