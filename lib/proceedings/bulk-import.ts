import "server-only";
import { contextFromPayload, plainContext, type AuditContext } from "@/lib/audit/audit-context";
import { db } from "@/lib/db/client";
import { pgPool } from "@/lib/db/pg-pool";
import { sha256Hex } from "@/lib/crypto/hashing";
import { AppError } from "@/lib/errors/app-error";
import { recordEvent } from "@/lib/audit/record-event";
import { enqueueJob } from "@/lib/queue/enqueue-job";
import type { JobPayloads } from "@/lib/queue/jobs";
import type { ImportPreview } from "./csv/preview-import-csv";
import { previewImportFile } from "./import/preview-import-file";
import { refreshListStatistics } from "@/lib/agreements/search/refresh-list-statistics";
import { prepareIssue, writeIssue, type IssueRow } from "./issue-rows";
import { inPoolTransaction } from "@/lib/db/sql-runner";
import { templateVersionForVolume } from "@/lib/agreements/template-version";
import { reissueChangedRows } from "./reissue-changed-rows";
import { withTightHeap } from "@/lib/memory/tight-heap";
import type { SupersededAgreement } from "./csv/import-types";

/** A previewed row as kept for issuing: a new paper, or a changed one whose agreement it replaces. */
type StoredImportRow = Omit<IssueRow, "supersedes"> & { supersedes?: SupersededAgreement };

/** The issue_import job's payload: the context of the staff member who started it, as plain JSON. */
export type IssueImportJob = JobPayloads["issue_import"];

/**
 * Checks an uploaded CSV against the volume and keeps its valid rows for issuing. Nothing is
 * issued here: staff first see every problem, by line and column.
 */
export async function previewImport(
  context: AuditContext,
  upload: { proceedingsId: string; fileName: string; bytes: Uint8Array },
): Promise<{ importId: string; preview: ImportPreview }> {
  // Checking a volume's file is bulk work too: thousands of rows parsed, checked and compared.
  return withTightHeap(() => previewUpload(context, upload));
}

async function previewUpload(
  context: AuditContext,
  { proceedingsId, fileName, bytes }: { proceedingsId: string; fileName: string; bytes: Uint8Array },
): Promise<{ importId: string; preview: ImportPreview }> {
  const volume = await db.proceedings.findUnique({ where: { id: proceedingsId }, select: { id: true } });
  if (!volume) throw new AppError("NOT_FOUND");
  // The papers' current agreements (a replaced one has let go of its paper id), to compare against.
  const issued = await db.agreement.findMany({
    where: { proceedingsId, paperId: { not: null } },
    select: {
      id: true,
      paperId: true,
      status: true,
      articleTitle: true,
      correspondingAuthorName: true,
      correspondingAuthorEmail: true,
      authors: true,
    },
  });
  const issuedPapers = new Map(issued.map(({ id, paperId, ...paper }) => [paperId!, { agreementId: id, ...paper }]));
  const preview = previewImportFile(bytes, { fileName, issuedPapers });
  const rows: StoredImportRow[] = preview.rows.map((row) => ({
    paperId: row.paperId,
    articleTitle: row.articleTitle,
    correspondingAuthorName: row.correspondingAuthorName,
    correspondingAuthorEmail: row.correspondingAuthorEmail,
    authors: row.authors,
    // Co-authors' addresses from the file ("Name <email>", CMT's Author Emails, OpenReview's
    // authorids): every-author signing needs them, so they are kept for issuing.
    ...(row.authorEmails.some(Boolean) ? { authorEmails: row.authorEmails } : {}),
    ...(row.language ? { language: row.language } : {}),
    ...(row.supersedes ? { supersedes: row.supersedes } : {}),
  }));
  const changed = rows.filter((row) => row.supersedes).length;
  const record = await db.$transaction(async (tx) => {
    // Not the stored rows back: they were just sent, and would be read and parsed a second time.
    const created = await tx.bulkImport.create({
      select: { id: true, fileName: true },
      data: {
        proceedingsId,
        fileName: fileName.slice(0, 200),
        fileSha256: sha256Hex(bytes),
        rows,
        total: rows.length,
        createdById: context.staffId,
      },
    });
    await recordEvent(tx, context, {
      type: "import.previewed",
      data: {
        importId: created.id,
        proceedingsId,
        fileName: created.fileName,
        valid: rows.length,
        changed,
        unchanged: preview.unchanged,
        problems: preview.problems.length,
      },
    });
    return created;
  });
  return { importId: record.id, preview };
}

const CHANGED_SHOWN = 500;

/** The preview's changed papers as staff see them (the first 500; the count says how many in all). */
export function changedPapers(rows: ImportPreview["rows"]) {
  const changed = rows.filter((row) => row.supersedes);
  return {
    changedCount: changed.length,
    changed: changed.slice(0, CHANGED_SHOWN).map((row) => ({
      line: row.line,
      paperId: row.paperId,
      status: row.supersedes!.status,
      changes: row.supersedes!.changes,
    })),
  };
}

/**
 * Starts issuing a previewed import in the background; a second click does nothing. The job
 * carries the context, so the agreements it issues are recorded as this staff member's.
 */
export async function startIssuingImport(context: AuditContext, { importId }: { importId: string }) {
  await db.$transaction(async (tx) => {
    const { count } = await tx.bulkImport.updateMany({
      where: { id: importId, status: "previewed", total: { gt: 0 } },
      data: { status: "issuing" },
    });
    if (count === 0) return;
    await recordEvent(tx, context, { type: "import.issued", data: { importId } });
    const job: IssueImportJob = { importId, context: plainContext(context) };
    await enqueueJob(tx, "issue_import", job);
  });
}

// Rows per transaction. Through Prisma's query compiler each chunk's JSON parameters were copied
// several times, which with 250 rows raised the tight heap's limit (1.5 times what is alive): 100
// rows kept the heap at most 87 MB against 110–116 MB. On plain pg the parameters are copied once;
// 250 rows cost the same CPU per row as 100 (2,000-row imports, loaded machine, three runs each:
// 77–107 ms of Node and 81–86 ms of PostgreSQL per 100 rows, against 82–100 and 73–103) for 4 rather
// than 9.5 statements per 100 rows, so 100 stays, its peak memory measured and the smaller.
const CHUNK = 100;

// Only the counters: the import's stored rows (2.5 MB of JSON for 10,000 papers) are not read back.
// "updatedAt" as Prisma's @updatedAt writes it, UTC without a zone.
const COUNT_CHUNK = `
  UPDATE "BulkImport"
  SET issued = issued + $2, reissued = reissued + $3, skipped = skipped + $4,
    "updatedAt" = (now() AT TIME ZONE 'UTC')
  WHERE id = $1`;

export type ImportHooks = {
  /** Runs after each chunk has been committed: where a killed worker leaves a half-issued import (tests). */
  afterChunk?: (processed: number) => Promise<void>;
};

/**
 * The job: issues the rows chunk by chunk, each chunk atomic with its progress counters. A run that
 * dies mid-way (the worker killed, the database gone) leaves exactly the committed chunks behind;
 * the next run resumes after them, so the counters stay true and no paper is issued twice (the
 * unique (volume, paper id) key would refuse a second one anyway).
 */
export async function issueImport(job: IssueImportJob, hooks: ImportHooks = {}) {
  await withTightHeap(() => issueImportRows(job, hooks));
}

async function issueImportRows({ importId, context: payloadContext }: IssueImportJob, hooks: ImportHooks) {
  const context = contextFromPayload(payloadContext);
  const job = await db.bulkImport.findUniqueOrThrow({
    where: { id: importId },
    select: { status: true, issued: true, skipped: true, proceedings: true },
  });
  if (job.status !== "issuing") return;
  const total = await storedRowCount(importId);
  // Looked up once per run: every chunk of a volume issues on the same template version.
  const issuing = {
    volume: job.proceedings,
    template: await db.$transaction((tx) => templateVersionForVolume(tx, job.proceedings)),
  };
  // Node prepares a chunk (texts, tokens, emails, events) while PostgreSQL writes the one before,
  // each on its own core. Chunks still commit one after another, in order.
  const prepare = async (start: number) => {
    const chunk = await storedRows(importId, start, CHUNK);
    const fresh = prepareIssue(
      context,
      issuing,
      chunk.filter((row) => !row.supersedes),
    );
    const changed = chunk.filter(
      (row): row is StoredImportRow & { supersedes: SupersededAgreement } => !!row.supersedes,
    );
    return { fresh, changed };
  };
  let next: ReturnType<typeof prepare> | undefined;
  // The chunk before this one: committed, and its hook run.
  let committing: Promise<void> | undefined;
  for (let start = job.issued + job.skipped; start < total; start += CHUNK) {
    const { fresh, changed } = await (next ?? prepare(start));
    next = undefined;
    const before = committing;
    const processed = Math.min(start + CHUNK, total);
    // Plain pg, each statement prepared once per connection: through Prisma's query compiler a
    // chunk's JSON parameters (a megabyte for 100 rows) were copied several times, and that was
    // a third of the job's CPU.
    // A chunk writes while the one before commits (its audit append and the disk flush were a
    // third of each chunk's time, with the database's other connections idle), but counts itself
    // and commits only after it: the counters, and so where a killed run resumes, always describe
    // a prefix of the file, and a failed chunk leaves the one after it uncommitted. The papers of
    // two chunks differ (the preview refuses a paper id twice), so neither waits for the other's rows.
    const chunk = inPoolTransaction(async (sql) => {
      const issued = await writeIssue(sql, fresh);
      const reissued = await reissueChangedRows(sql, context, issuing, changed);
      await before;
      await sql(COUNT_CHUNK, [
        importId,
        issued.issued + reissued.issued,
        reissued.issued,
        issued.skipped + reissued.skipped,
      ]);
    }).then(() => hooks.afterChunk?.(processed));
    // Awaited below, or by the chunk after it; marked handled so that a failure both see cannot end the process.
    chunk.catch(() => undefined);
    // The next chunk's rows are read on another connection; its preparing (Node's CPU) runs when
    // they arrive, by then this chunk's statement is with the database. Should a write fail,
    // the prepared chunk is dropped unawaited: marked handled here so it cannot end the process.
    if (processed < total) {
      next = prepare(processed);
      next.catch(() => undefined);
    }
    // At most two chunks in flight: the one before must be in before the one after this starts.
    await before;
    committing = chunk;
  }
  await committing;
  await db.bulkImport.update({ where: { id: importId }, select: { id: true }, data: { status: "done" } });
  // Best effort, after "done" so staff are not kept waiting: autovacuum refreshes them soon anyway.
  await refreshListStatistics().catch((error) => console.warn(`[import] statistics not refreshed: ${String(error)}`));
}

// A job reads its rows a chunk at a time: all 10,000 of a volume, parsed at once, stayed alive for
// the whole import and doubled, under the tight heap, what the heap was let grow to (~20 MB live).
// Plain pg: Prisma would read the JSON as a string and parse it again.
async function storedRowCount(importId: string): Promise<number> {
  const { rows } = await pgPool().query<{ total: number }>(
    `SELECT jsonb_array_length("rows") AS total FROM "BulkImport" WHERE id = $1`,
    [importId],
  );
  return rows[0].total;
}

async function storedRows(importId: string, start: number, count: number): Promise<StoredImportRow[]> {
  const { rows } = await pgPool().query<{ chunk: StoredImportRow[] }>(
    `SELECT jsonb_path_query_array("rows", '$[$first to $last]', jsonb_build_object('first', $2::int, 'last', $3::int))
       AS chunk FROM "BulkImport" WHERE id = $1`,
    [importId, start, start + count - 1],
  );
  return rows[0].chunk;
}

export async function getImport(importId: string) {
  return db.bulkImport.findUnique({
    where: { id: importId },
    select: {
      id: true,
      proceedingsId: true,
      fileName: true,
      status: true,
      total: true,
      issued: true,
      reissued: true,
      skipped: true,
      error: true,
      createdAt: true,
    },
  });
}

export async function markImportFailed(importId: string, error: unknown) {
  await db.bulkImport.update({
    where: { id: importId },
    select: { id: true },
    data: { status: "failed", error: (error instanceof Error ? error.message : String(error)).slice(0, 500) },
  });
}
