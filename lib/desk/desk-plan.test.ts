import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { issueTestAgreement } from "@/test/agreement-fixtures";
import { sqlAs } from "@/test/database-as";
import { attentionCountSql, countAttention } from "./count-attention";
import { listDeadlineVolumes } from "./list-deadline-volumes";
import { listRecentActivity } from "./list-recent-activity";

// 20,000 by default keeps this file within a minute on a busy machine; DESK_PLAN_ROWS=100000 checks
// the plans at the size the home is meant for (they are the same plans, each count's numbers 5× larger).
const ROWS = Number(process.env.DESK_PLAN_ROWS ?? 20_000);

/**
 * ROWS agreements written straight in SQL, each with a signing link and an email, as a busy
 * publisher's database: a few per cent signed, some links near expiry, one email in a hundred failed.
 */
async function seed() {
  const { agreement } = await issueTestAgreement({ proceedings: "Desk plan volume" });
  await db.proceedings.update({
    where: { id: agreement.proceedingsId },
    data: { deadline: new Date(Date.now() + 7 * 86_400_000) },
  });
  await sqlAs(
    "owner",
    `INSERT INTO "Agreement" (id, "proceedingsId", "paperId", "templateVersionId", "articleTitle",
       "correspondingAuthorName", "correspondingAuthorEmail", authors, "publisherName", text, "textSha256", status, "signedAt", "signatureName",
       "sealStatus", "issuedAt", "updatedAt")
     SELECT 'desk-' || g, $1, 'DESK-' || g, $2, 'Paper ' || md5(g::text), 'Author ' || g,
       'author' || g || '@example.org',
       ARRAY['Author ' || g], 'Plan Publishing', 'text', md5(g::text),
       (CASE WHEN g % 3 = 0 THEN 'signed' WHEN g % 3 = 1 THEN 'sent' ELSE 'viewed' END)::"AgreementStatus",
       CASE WHEN g % 3 = 0 THEN now() - make_interval(mins => g * 5) END,
       CASE WHEN g % 3 = 0 THEN 'Author ' || g END,
       (CASE WHEN g % 3 = 0 THEN (CASE WHEN g % 999 = 0 THEN 'failed' ELSE 'sealed' END) END)::"SealStatus",
       now() - make_interval(mins => g * 5), now()
     FROM generate_series(1, ${ROWS}) g`,
    [agreement.proceedingsId, agreement.templateVersionId],
  );
  await sqlAs(
    "owner",
    `INSERT INTO "SigningLink" (id, "agreementId", "tokenHash", "expiresAt", "createdAt")
     SELECT 'desk-link-' || g, 'desk-' || g, md5('link' || g), now() + make_interval(mins => (g % 86400)), now()
     FROM generate_series(1, ${ROWS}) g`,
  );
  await sqlAs(
    "owner",
    `INSERT INTO "EmailMessage" (id, "agreementId", kind, "to", subject, text, html, status, "createdAt")
     SELECT 'desk-mail-' || g, 'desk-' || g, 'invitation', 'author' || g || '@example.org', 's', 't', 'h',
       (CASE WHEN g % 100 = 0 THEN 'failed' ELSE 'sent' END)::"EmailStatus", now() - make_interval(mins => g * 5)
     FROM generate_series(1, ${ROWS}) g`,
  );
  // The planner's statistics, as autovacuum leaves them shortly after a bulk import.
  await sqlAs("owner", `ANALYZE "Agreement", "SigningLink", "EmailMessage"`);
}

describe(`the staff home at ${ROWS} agreements`, () => {
  it("counts what needs attention from indexes, without reading every agreement, its links or its emails", async () => {
    const seeding = performance.now();
    await seed();
    console.log(`seeded ${ROWS} agreements in ${Math.round(performance.now() - seeding)} ms`);
    const sql = attentionCountSql(new Date());
    const lines = await db.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`EXPLAIN ANALYZE ${sql.text}`, ...sql.values);
    const plan = lines.map((line) => line["QUERY PLAN"]).join("\n");
    console.log(`EXPLAIN ANALYZE of the staff home's counts at ${ROWS} agreements:\n${plan}`);
    for (const table of ["Agreement", "SigningLink", "EmailMessage"])
      expect(plan).not.toContain(`Seq Scan on "${table}"`);
    expect(plan).toContain('"SigningLink_live_expiresAt_idx"');

    const counts = await countAttention();
    // Every 100th email failed; 1 in 3 agreements is signed, so links of the others expiring within
    // 3 days (4,320 of every 86,400 minutes) are counted only for open ones.
    expect(counts.email_failed).toBe(ROWS / 100);
    expect(counts.seal_failed).toBe(Math.floor(ROWS / 999));
    expect(counts.link_expiring).toBeGreaterThan(0);

    const timed = async (name: string, work: () => Promise<unknown>) => {
      const started = performance.now();
      await work();
      console.log(`${name} at ${ROWS} agreements: ${Math.round(performance.now() - started)} ms`);
    };
    await timed("countAttention", () => countAttention());
    await timed("listDeadlineVolumes (one volume of them all)", () => listDeadlineVolumes());
    await timed("listRecentActivity", () => listRecentActivity({ take: 12 }));
  }, 180_000);
});
