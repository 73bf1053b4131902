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
import { recordEventsWith, type ContextualAuditEvent } from "@/lib/audit/record-event";
import { invitationEmail } from "@/lib/mail/templates/invitation-email";
import { outboxRow, SECRET_LINK } from "@/lib/mail/outbox";
import { enqueueJobsWith } from "@/lib/queue/enqueue-jobs";
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

// One INSERT per table with the rows as one JSON parameter: PostgreSQL parses it, where Prisma's
// createMany would compile a statement of thousands of parameters in its query compiler, which
// cost more than the database's own work and grew the process's memory by megabytes per batch.
// Times are written as UTC, as Prisma writes them. Fixed texts: a plain pg connection prepares
// each once.
const INSERT_AGREEMENTS = `
  INSERT INTO "Agreement" (id, status, "proceedingsId", "templateVersionId", "issuedById", "paperId", "articleTitle",
    "correspondingAuthorName", "correspondingAuthorEmail", authors, "authorEmails", language, "publisherName", text,
    "textSha256", "supersedesId", "issuedAt", "updatedAt")
  SELECT id, status, "proceedingsId", "templateVersionId", "issuedById", "paperId", "articleTitle",
    "correspondingAuthorName", "correspondingAuthorEmail", authors, "authorEmails", language, "publisherName", text,
    "textSha256", "supersedesId", "issuedAt", "updatedAt"
  FROM json_populate_recordset(null::"Agreement", $1::json)
  ON CONFLICT DO NOTHING
  RETURNING id`;
const INSERT_SIGNERS = `
  INSERT INTO "Signer" (id, "agreementId", position, name, email, status, "createdAt")
  SELECT id, "agreementId", position, name, email, status, "createdAt"
  FROM json_populate_recordset(null::"Signer", $1::json)`;
const INSERT_LINKS = `
  INSERT INTO "SigningLink" (id, "agreementId", "signerId", "tokenHash", "expiresAt", "createdAt")
  SELECT id, "agreementId", "signerId", "tokenHash", "expiresAt", "createdAt"
  FROM json_populate_recordset(null::"SigningLink", $1::json)`;
const INSERT_EMAILS = `
  INSERT INTO "EmailMessage" (id, "agreementId", kind, "to", subject, text, html, "encryptedLink",
    "attachSignedPdf", "createdAt")
  SELECT id, "agreementId", kind, "to", subject, text, html, "encryptedLink", "attachSignedPdf", "createdAt"
  FROM json_populate_recordset(null::"EmailMessage", $1::json)`;

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
  { volume, template }: { volume: Volume; template: Template },
  rows: IssueRow[],
): Promise<Issued> {
  if (rows.length === 0) return { issued: 0, skipped: 0, created: [] };
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
  const inserted = await sql<{ id: string }>(INSERT_AGREEMENTS, [
    JSON.stringify(drafts.map(({ agreement }) => agreement)),
  ]);
  const created = new Set(inserted.map((a) => a.id));
  const issued = drafts.filter((draft) => created.has(draft.id));
  const expiresAt = new Date(now.getTime() + volume.linkExpiryDays * 86_400_000);
  // Who is invited: the corresponding author, or on an every-author template each author with an
  // email, as a signer with a link of their own.
  const everyAuthor = template.signers === "every_author";
  const linksOf = issued.map((draft) => {
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
  if (signerRows.length > 0) await sql(INSERT_SIGNERS, [JSON.stringify(signerRows)]);
  await sql(INSERT_LINKS, [
    JSON.stringify(
      links.map(({ draft, signer, token }) => ({
        id: randomUUID(),
        agreementId: draft.id,
        signerId: signer?.id ?? null,
        tokenHash: sha256Hex(token),
        expiresAt,
        createdAt: now,
      })),
    ),
  ]);
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
  await sql(INSERT_EMAILS, [JSON.stringify(emails)]);
  await enqueueJobsWith(
    sql,
    "deliver_email",
    links.map(({ emailId }) => ({ emailId })),
  );
  const events: ContextualAuditEvent[] = issued.flatMap((draft, index) => [
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
  await recordEventsWith(sql, events);
  return {
    issued: issued.length,
    skipped: rows.length - issued.length,
    created: issued.map((draft) => ({ id: draft.id, paperId: draft.row.paperId })),
  };
}
