import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { taskList } from "@/lib/worker/task-list";
import { runQueuedJobs } from "@/test/run-queued-jobs";
import { staffActing } from "@/test/contexts";
import { heapHeldTight } from "@/lib/memory/tight-heap";
import { plainContext } from "@/lib/audit/audit-context";
import { defaultTemplate } from "@/lib/agreements/agreement-template";
import { storeTestTemplateVersion } from "@/test/template-fixtures";
import { getImport, issueImport, previewImport, startIssuingImport, type IssueImportJob } from "./bulk-import";

const STAFF = staffActing("test@example.org", { ip: "203.0.113.5", userAgent: "vitest" });
const HEADER = "paper_id,title,corresponding_author,corresponding_email,authors";
const line = (i: number) => `${i},Paper ${i},Ada Lovelace,ada${i}@example.org,Ada Lovelace`;
const csv = (n: number) =>
  new TextEncoder().encode([HEADER, ...Array.from({ length: n }, (_, i) => line(i + 1))].join("\n"));

const importJobs = (importId: string) =>
  db.$queryRaw<{ key: string; max_attempts: number }[]>`
    SELECT key, max_attempts FROM graphile_worker.jobs
    WHERE task_identifier = 'issue_import' AND key = ${`import:${importId}`}`;

describe("issuing a previewed CSV import", () => {
  it("queues one issue job however often it is started, and the worker issues every row", async () => {
    const volume = await db.proceedings.create({ data: { name: "Import Volume", linkExpiryDays: 14 } });
    const preview = { proceedingsId: volume.id, fileName: "papers.csv", bytes: csv(3) };
    const { importId } = await previewImport(STAFF, preview);
    await Promise.all([startIssuingImport(STAFF, { importId }), startIssuingImport(STAFF, { importId })]);
    expect(await importJobs(importId)).toEqual([{ key: `import:${importId}`, max_attempts: 5 }]);

    // Only the import's own job: the invitations it queues stay in the queue for the mail worker.
    await runQueuedJobs({ issue_import: taskList.issue_import });
    expect(await getImport(importId)).toMatchObject({ status: "done", issued: 3, skipped: 0 });
    const agreements = await db.agreement.findMany({ where: { proceedingsId: volume.id }, include: { emails: true } });
    expect(agreements.map((a) => a.paperId).sort()).toEqual(["1", "2", "3"]);
    expect(agreements.every((a) => a.emails.length === 1 && a.emails[0].status === "queued")).toBe(true);
    expect(await importJobs(importId)).toEqual([]);
  });

  it("holds the heap tight while the rows are issued and lets go when the job ends, done or failed", async () => {
    const volume = await db.proceedings.create({ data: { name: "Tight Volume", linkExpiryDays: 14 } });
    const { importId } = await previewImport(STAFF, {
      proceedingsId: volume.id,
      fileName: "papers.csv",
      bytes: csv(3),
    });
    await startIssuingImport(STAFF, { importId });
    // The queued job's payload, run here as the worker would.
    const job: IssueImportJob = { importId, context: plainContext(STAFF) };

    const tightDuringChunks: boolean[] = [];
    await expect(
      issueImport(job, {
        afterChunk: async () => {
          tightDuringChunks.push(heapHeldTight());
          throw new Error("the worker died after a chunk");
        },
      }),
    ).rejects.toThrow("the worker died");
    expect(heapHeldTight()).toBe(false);

    await issueImport(job, { afterChunk: async () => void tightDuringChunks.push(heapHeldTight()) });
    expect(tightDuringChunks).toEqual([true]);
    expect(heapHeldTight()).toBe(false);
    expect(await getImport(importId)).toMatchObject({ status: "done", issued: 3, skipped: 0 });
  });

  it("issues every paper of one run on the template version it started with, though a new one is saved meanwhile", async () => {
    const body = defaultTemplate().body;
    const first = await storeTestTemplateVersion({ key: "one-run", body }, { volume: "One Run Volume" });
    const volume = await db.proceedings.findUniqueOrThrow({ where: { name: "One Run Volume" } });
    const { importId } = await previewImport(STAFF, {
      proceedingsId: volume.id,
      fileName: "papers.csv",
      bytes: csv(150),
    });
    await startIssuingImport(STAFF, { importId });

    const savedAfter: number[] = [];
    await issueImport(
      { importId, context: plainContext(STAFF) },
      {
        afterChunk: async (processed) => {
          if (savedAfter.length === 0)
            await storeTestTemplateVersion({ key: "one-run", body: `${body}\n\nA new clause.` });
          savedAfter.push(processed);
        },
      },
    );
    // Two chunks, the new version saved between them.
    expect(savedAfter).toEqual([100, 150]);
    const versions = await db.agreement.groupBy({ by: ["templateVersionId"], where: { proceedingsId: volume.id } });
    expect(versions).toEqual([{ templateVersionId: first.id }]);
    expect(await getImport(importId)).toMatchObject({ status: "done", issued: 150 });
  });

  it("writes a chunk while the one before commits, and commits none after a chunk that failed", async () => {
    const volume = await db.proceedings.create({ data: { name: "Overlapping Volume", linkExpiryDays: 14 } });
    const { importId } = await previewImport(STAFF, {
      proceedingsId: volume.id,
      fileName: "papers.csv",
      bytes: csv(250),
    });
    await startIssuingImport(STAFF, { importId });
    const job: IssueImportJob = { importId, context: plainContext(STAFF) };
    // The second chunk's statement, running or run in a transaction still open, seen from the first chunk's hook.
    const nextChunkWriting = async () => {
      const [{ writing }] = await db.$queryRaw<{ writing: number }[]>`
        SELECT count(*)::int AS writing FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid()
          AND state IN ('active', 'idle in transaction') AND query LIKE '%WITH agreements AS%'`;
      return writing > 0;
    };
    let sawNextChunk = false;
    await expect(
      issueImport(job, {
        afterChunk: async (processed) => {
          for (let i = 0; i < 100 && !sawNextChunk; i++) {
            sawNextChunk = await nextChunkWriting();
            if (!sawNextChunk) await new Promise((resolve) => setTimeout(resolve, 50));
          }
          throw new Error(`the worker died after ${processed} papers`);
        },
      }),
    ).rejects.toThrow("the worker died after 100 papers");
    expect(sawNextChunk).toBe(true);
    // The second chunk had written its papers, but its transaction waited for the first's end.
    expect(await getImport(importId)).toMatchObject({ status: "issuing", issued: 100, skipped: 0 });
    expect(await db.agreement.count({ where: { proceedingsId: volume.id } })).toBe(100);
    expect(await db.emailMessage.count({ where: { agreement: { proceedingsId: volume.id } } })).toBe(100);

    await issueImport(job);
    expect(await getImport(importId)).toMatchObject({ status: "done", issued: 250, skipped: 0 });
    const issuedEvents = await db.auditEvent.count({
      where: { type: "agreement.issued", agreement: { proceedingsId: volume.id } },
    });
    expect(issuedEvents).toBe(250);
  });
});
