import "server-only";
import type { AuditContext } from "@/lib/audit/audit-context";
import type { SqlRunner } from "@/lib/db/sql-runner";
import { recordEventsWith, type ContextualAuditEvent } from "@/lib/audit/record-event";
import { REPLACED_REASON } from "@/lib/agreements/corrections/reissue-agreement";
import type { IssuedPaper, SupersededAgreement } from "./csv/import-types";
import { issueRowsWith, type IssueRow } from "./issue-rows";

type ChangedRow = IssueRow & { supersedes: SupersededAgreement };
type Issuing = Parameters<typeof issueRowsWith>[2];

type Current = Omit<IssuedPaper, "agreementId" | "correspondingAuthorEmail"> & {
  id: string;
  paperId: string | null;
  superseded: boolean;
};

const OPEN = new Set(["sent", "viewed"]);

/**
 * The batched form of reissueAgreement (lib/agreements/corrections/reissue-agreement.ts) for a
 * re-imported CSV whose rows change papers already issued: with one statement per step for the
 * whole batch, each changed paper's agreement is replaced by a new one that supersedes it, takes
 * over the paper id and tells the author why. An open agreement is voided ("Replaced by a reissued
 * agreement"); a signed one stays signed, and superseded, since what it was signed for changed; a
 * declined or expired one is replaced as reissue would. Rows whose agreement changed since the
 * preview (voided, replaced, or edited by staff meanwhile) are skipped, so a re-run, or a resumed
 * job, issues nothing twice. The caller holds the transaction.
 */
export async function reissueChangedRows(
  sql: SqlRunner,
  context: AuditContext,
  issuing: Issuing,
  rows: ChangedRow[],
): Promise<{ issued: number; skipped: number }> {
  if (rows.length === 0) return { issued: 0, skipped: 0 };
  const ids = rows.map((row) => row.supersedes.agreementId);
  // The rows' locks, as lockAgreement takes one: signing, declining and corrections queue behind
  // this transaction and then find the agreement replaced.
  const locked = await sql<Current>(
    `SELECT id, "paperId", status::text AS status, "articleTitle", "correspondingAuthorName", authors, superseded
     FROM "Agreement" WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`,
    [ids],
  );
  const current = new Map(locked.map((row) => [row.id, row]));
  const due = rows.filter((row) => stillAsPreviewed(row, current.get(row.supersedes.agreementId)));
  if (due.length === 0) return { issued: 0, skipped: rows.length };

  // Columns are UTC timestamps without a zone, as Prisma writes them, whatever the session's time zone.
  const at = new Date().toISOString();
  const dueIds = due.map((row) => row.supersedes.agreementId);
  const openIds = dueIds.filter((id) => OPEN.has(current.get(id)!.status));
  const revoked = await sql<{ id: string; agreementId: string }>(
    `UPDATE "SigningLink" SET "revokedAt" = ($2::timestamptz AT TIME ZONE 'UTC')
     WHERE "agreementId" = ANY($1::text[]) AND "revokedAt" IS NULL AND "usedAt" IS NULL
     RETURNING id, "agreementId"`,
    [dueIds, at],
  );
  // One row version per old agreement: open ones are voided, and every one lets go of its paper
  // before the new one takes it ((volume, paper id) is unique).
  await sql(
    `UPDATE "Agreement" SET "paperId" = NULL, "updatedAt" = ($3::timestamptz AT TIME ZONE 'UTC'),
       status = CASE WHEN id = ANY($2::text[]) THEN 'voided'::"AgreementStatus" ELSE status END,
       "voidedAt" = CASE WHEN id = ANY($2::text[]) THEN ($3::timestamptz AT TIME ZONE 'UTC') ELSE "voidedAt" END,
       "voidReason" = CASE WHEN id = ANY($2::text[]) THEN $4::text ELSE "voidReason" END
     WHERE id = ANY($1::text[])`,
    [dueIds, openIds, at, REPLACED_REASON],
  );
  const { created } = await issueRowsWith(sql, context, issuing, due);

  const newIdOf = new Map(created.map((agreement) => [agreement.paperId, agreement.id]));
  const linksOf = (agreementId: string) => revoked.filter((link) => link.agreementId === agreementId).map((l) => l.id);
  const events: ContextualAuditEvent[] = due.flatMap((row) => {
    const agreementId = row.supersedes.agreementId;
    const previousStatus = current.get(agreementId)!.status;
    const changed = row.supersedes.changes.map((change) => change.field);
    const revokedLinkIds = linksOf(agreementId);
    const voided: ContextualAuditEvent[] = OPEN.has(previousStatus)
      ? [{ context, agreementId, type: "agreement.voided", data: { reason: REPLACED_REASON, revokedLinkIds } }]
      : [];
    return [
      ...voided,
      {
        context,
        agreementId,
        type: "agreement.reissued" as const,
        data: {
          supersededBy: newIdOf.get(row.paperId) ?? null,
          changed,
          changes: row.supersedes.changes,
          previousStatus,
          revokedLinkIds,
          via: "import",
        },
      },
    ];
  });
  await recordEventsWith(sql, events);
  return { issued: created.length, skipped: rows.length - created.length };
}

/** The agreement is still the paper's, not voided or replaced, and holds what the preview compared against. */
function stillAsPreviewed(row: ChangedRow, agreement: Current | undefined): boolean {
  if (!agreement || agreement.superseded || agreement.paperId !== row.paperId || agreement.status === "voided")
    return false;
  const before = (field: string) => row.supersedes.changes.find((change) => change.field === field)?.from;
  return (
    agreement.articleTitle === (before("title") ?? row.articleTitle) &&
    agreement.authors.join("; ") === (before("authors") ?? row.authors.join("; ")) &&
    agreement.correspondingAuthorName === (before("corresponding_author") ?? row.correspondingAuthorName)
  );
}
