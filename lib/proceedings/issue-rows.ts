import "server-only";
import { randomUUID } from "node:crypto";
import { SYSTEM_CONTEXT, type AuditContext } from "@/lib/audit/audit-context";
import type { Tx } from "@/lib/db/client";
import { prismaRunner, type SqlRunner } from "@/lib/db/sql-runner";
import { newToken, sha256Hex } from "@/lib/crypto/hashing";
import { appUrl, publisherName } from "@/lib/config/app-config";
import { newAgreementRow } from "@/lib/agreements/new-agreement-row";
import { agreementIssuedData } from "@/lib/agreements/agreement-issued-event";
import { templateVersionForVolume } from "@/lib/agreements/template-version";
import { auditStageValues, type ContextualAuditEvent } from "@/lib/audit/record-event";
import { invitationEmail } from "@/lib/mail/templates/invitation-email";
import { outboxRow, SECRET_LINK } from "@/lib/mail/outbox";
import { addJobsFromJson, jobSpecsJson } from "@/lib/queue/enqueue-jobs";
import { describePaperChanges } from "./csv/paper-changes";
import type { PaperChange } from "./csv/import-types";
import { planSigners } from "@/lib/agreements/signers/plan-signers";

/** One validated CSV row (the shape lib/proceedings/csv produces). */
export type IssueRow = {
  paperId: string;
  articleTitle: string;
  correspondingAuthorName: string;
  correspondingAuthorEmail: string;
  authors: string[];
  /** The agreement this one replaces, and why (a re-import changed the paper): the email says so. */
  supersedes?: { agreementId: string; changes: PaperChange[] };
  /** Aligned with authors, "" where unknown. */
  authorEmails?: string[];
  /** The emails' language (lib/i18n/locales.ts); absent: English. */
  language?: string;
};

// One statement for a whole batch, each table's rows as one JSON parameter: PostgreSQL parses them,
// where Prisma's createMany would compile a statement of thousands of parameters in its query
// compiler, which cost more than the database's own work and grew the process's memory by
// megabytes per batch. The rows are prepared before the statement runs, as if every paper were
// new; a paper the volume already has (ON CONFLICT DO NOTHING) is left out of every table by the
// statement itself, so nothing waits on Node between the tables, and a volume's import prepares its
// next chunk while the database writes this one. Data-modifying CTEs all run to completion; the
// foreign keys of links, emails and events to agreements inserted by the same statement are
// checked at its end, where they see them. Times are written as UTC, as Prisma writes them. A
// fixed text: a plain pg connection prepares it once.
const ISSUE_BATCH = `
  WITH agreements AS (
    INSERT INTO "Agreement" (id, status, "proceedingsId", "templateVersionId", "issuedById", "paperId", "articleTitle",
      "correspondingAuthorName", "correspondingAuthorEmail", authors, "authorEmails", language, "publisherName", text,
      "textSha256", "supersedesId", "issuedAt", "updatedAt")
    SELECT id, status, "proceedingsId", "templateVersionId", "issuedById", "paperId", "articleTitle",
      "correspondingAuthorName", "correspondingAuthorEmail", authors, "authorEmails", language, "publisherName", text,
      "textSha256", "supersedesId", "issuedAt", "updatedAt"
    FROM json_populate_recordset(null::"Agreement", $1::json)
    ON CONFLICT DO NOTHING
    RETURNING id
  ), signers AS (
    INSERT INTO "Signer" (id, "agreementId", position, name, email, status, "createdAt")
    SELECT id, "agreementId", position, name, email, status, "createdAt"
    FROM json_populate_recordset(null::"Signer", $2::json)
    WHERE "agreementId" IN (SELECT id FROM agreements)
  ), links AS (
    INSERT INTO "SigningLink" (id, "agreementId", "signerId", "tokenHash", "expiresAt", "createdAt")
    SELECT id, "agreementId", "signerId", "tokenHash", "expiresAt", "createdAt"
    FROM json_populate_recordset(null::"SigningLink", $3::json)
    WHERE "agreementId" IN (SELECT id FROM agreements)
  ), emails AS (
    INSERT INTO "EmailMessage" (id, "agreementId", kind, "to", subject, text, html, "encryptedLink",
      "attachSignedPdf", "createdAt")
    SELECT id, "agreementId", kind, "to", subject, text, html, "encryptedLink", "attachSignedPdf", "createdAt"
    FROM json_populate_recordset(null::"EmailMessage", $4::json)
    WHERE "agreementId" IN (SELECT id FROM agreements)
    RETURNING id
  ), jobs AS (
    ${addJobsFromJson("deliver_email", "$5", "spec.payload->>'emailId' IN (SELECT id FROM emails)")}
  ), events AS (
    SELECT audit_stage(
      CASE WHEN (SELECT count(*) FROM agreements) = $9::integer THEN $6::json
        ELSE (SELECT coalesce(json_agg(event.v ORDER BY event.n), '[]'::json)
              FROM json_array_elements($6::json) WITH ORDINALITY AS event(v, n)
              WHERE event.v->>'agreementId' IN (SELECT id FROM agreements)) END,
      $7::integer, $8::json) IS NULL AS staged
  )
  SELECT coalesce((SELECT array_agg(id) FROM agreements), '{}') AS created,
    (SELECT queued FROM jobs) AS queued, (SELECT staged FROM events) AS staged`;

type Volume = {
  id: string;
  name: string;
  publisherName: string | null;
  linkExpiryDays: number;
  templateKey: string | null;
};

type Template = Awaited<ReturnType<typeof templateVersionForVolume>>;
type Issued = { issued: number; skipped: number; created: { id: string; paperId: string }[] };

/**
 * Issues many papers' agreements in one transaction with a handful of batched statements:
 * agreements, links, outbox emails, their delivery jobs and the audit events. A paper already
 * issued in the volume (by an earlier run, or by a colleague's import racing this one) is skipped
 * by the unique (volume, paper id) key, so re-running a file issues nothing twice. The agreements
 * name the context's staff member as their issuer.
 */
export async function issueRows(tx: Tx, context: AuditContext, volume: Volume, rows: IssueRow[]): Promise<Issued> {
  if (rows.length === 0) return { issued: 0, skipped: 0, created: [] };
  const template = await templateVersionForVolume(tx, volume);
  return issueRowsWith(prismaRunner(tx), context, { volume, template }, rows);
}

/**
 * issueRows through any SqlRunner, on a template version the caller has looked up: a volume's
 * import runs its chunks on plain pg connections and looks the version up once, not per chunk.
 */
export async function issueRowsWith(
  sql: SqlRunner,
  context: AuditContext,
  issuing: { volume: Volume; template: Template },
  rows: IssueRow[],
): Promise<Issued> {
  return writeIssue(sql, prepareIssue(context, issuing, rows));
}

/** A batch ready to write: every row's agreement, link, email, job and events, as statement parameters. */
export type PreparedIssue = { drafts: { id: string; paperId: string }[]; values: unknown[] };

/**
 * Everything a batch writes, made in Node without the database: texts, tokens and their hashes,
 * sealed links, emails and audit events. Kept apart from writeIssue so that a volume's import
 * prepares one chunk while the database writes the one before.
 */
export function prepareIssue(
  context: AuditContext,
  { volume, template }: { volume: Volume; template: Template },
  rows: IssueRow[],
): PreparedIssue {
  const publisher = volume.publisherName || publisherName();
  const now = new Date();
  const drafts = rows.map((row) => {
    const agreement = newAgreementRow(context, row, {
      volume,
      publisher,
      template,
      issuedAt: now,
      supersedesId: row.supersedes?.agreementId,
    });
    return { row, agreement, id: agreement.id, textSha256: agreement.textSha256 };
  });
  const expiresAt = new Date(now.getTime() + volume.linkExpiryDays * 86_400_000);
  // Who is invited: the corresponding author, or on an every-author template each author with an
  // email, as a signer with a link of their own.
  const everyAuthor = template.signers === "every_author";
  const linksOf = drafts.map((draft) => {
    const signers = everyAuthor ? planSigners(draft.row) : [null];
    return signers.map((signer) => ({
      draft,
      signer: signer && { ...signer, id: randomUUID(), of: signers.length },
      token: newToken(),
      emailId: randomUUID(),
    }));
  });
  const links = linksOf.flat();
  const signerRows = links.flatMap(({ draft, signer }) =>
    signer
      ? [
          {
            id: signer.id,
            agreementId: draft.id,
            position: signer.position,
            name: signer.name,
            email: signer.email,
            status: "sent",
            createdAt: now,
          },
        ]
      : [],
  );
  const linkRows = links.map(({ draft, signer, token }) => ({
    id: randomUUID(),
    agreementId: draft.id,
    signerId: signer?.id ?? null,
    tokenHash: sha256Hex(token),
    expiresAt,
    createdAt: now,
  }));
  const emails = links.map(({ draft, signer, token, emailId }) => ({
    ...outboxRow(
      {
        agreementId: draft.id,
        kind: "invitation",
        to: signer?.email ?? draft.row.correspondingAuthorEmail,
        secretLink: `${appUrl()}/sign/${token}`,
        ...invitationEmail({
          ...draft.row,
          proceedingsName: volume.name,
          publisherName: publisher,
          signingUrl: SECRET_LINK,
          expiresAt,
          reissueReason: draft.row.supersedes && describePaperChanges(draft.row.supersedes.changes),
          signer: signer ? { name: signer.name, of: signer.of } : undefined,
        }),
      },
      emailId,
    ),
    createdAt: now,
  }));
  const events: ContextualAuditEvent[] = drafts.flatMap((draft, index) => [
    {
      context,
      agreementId: draft.id,
      type: "agreement.issued" as const,
      data: {
        ...agreementIssuedData({ ...draft.row, textSha256: draft.textSha256 }, template, expiresAt),
        ...(draft.row.supersedes
          ? { supersedes: draft.row.supersedes.agreementId, changed: draft.row.supersedes.changes.map((c) => c.field) }
          : {}),
      },
    },
    ...linksOf[index].map(({ emailId, signer }) => ({
      context: SYSTEM_CONTEXT,
      agreementId: draft.id,
      type: "email.queued" as const,
      data: { emailId, kind: "invitation", to: signer?.email ?? draft.row.correspondingAuthorEmail },
    })),
  ]);
  return {
    drafts: drafts.map((draft) => ({ id: draft.id, paperId: draft.row.paperId })),
    values: [
      JSON.stringify(drafts.map(({ agreement }) => agreement)),
      JSON.stringify(signerRows),
      JSON.stringify(linkRows),
      JSON.stringify(emails),
      jobSpecsJson(
        "deliver_email",
        links.map(({ emailId }) => ({ emailId })),
      ),
      ...auditStageValues(events),
      drafts.length,
    ],
  };
}

/** Writes a prepared batch in one statement; the papers the volume already has are skipped. */
export async function writeIssue(sql: SqlRunner, { drafts, values }: PreparedIssue): Promise<Issued> {
  if (drafts.length === 0) return { issued: 0, skipped: 0, created: [] };
  const [{ created: ids }] = await sql<{ created: string[] }>(ISSUE_BATCH, values);
  const created = new Set(ids);
  const issued = drafts.filter((draft) => created.has(draft.id));
  return { issued: issued.length, skipped: drafts.length - issued.length, created: issued };
}
