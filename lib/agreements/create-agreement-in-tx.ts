import "server-only";
import { randomUUID } from "node:crypto";
import type { AuditContext } from "@/lib/audit/audit-context";
import type { Tx } from "@/lib/db/client";
import { pgPool, preparedStatement } from "@/lib/db/pg-pool";
import { Prisma, type Agreement, type Signer, type TemplateVersion } from "@/lib/db/generated/client";

export type IssuingTemplate = Pick<TemplateVersion, "id" | "key" | "version" | "body" | "signers">;
import { sha256Hex } from "@/lib/crypto/hashing";
import { publisherName } from "@/lib/config/app-config";
import { auditStageCall, recordEvent } from "@/lib/audit/record-event";
import { emailQueuedEvents, outboxRow, queueEmail, SECRET_LINK, type OutgoingEmail } from "@/lib/mail/outbox";
import { addJobCall } from "@/lib/queue/enqueue-job";
import { invitationEmail } from "@/lib/mail/templates/invitation-email";
import { newAgreementRow } from "@/lib/agreements/new-agreement-row";
import { agreementIssuedData } from "@/lib/agreements/agreement-issued-event";
import { newSigningLink } from "@/lib/agreements/signing-link";
import { templateVersionForVolume } from "@/lib/agreements/template-version";
import { createSignerInvitations } from "@/lib/agreements/signers/create-signer-invitations";

const DAY_MS = 86_400_000;

export type NewAgreement = {
  proceedings: {
    id: string;
    name: string;
    publisherName?: string | null;
    templateKey?: string | null;
    linkExpiryDays: number;
  };
  /** The template version the volume issues on now, when the caller has read it with the volume. */
  template?: IssuingTemplate;
  articleTitle: string;
  correspondingAuthorName: string;
  correspondingAuthorEmail: string;
  authors: string[];
  /** Each author's email aligned with authors, "" where unknown. */
  authorEmails?: string[];
  paperId?: string | null;
  supersedesId?: string | null;
  idempotencyKey?: string;
  /**
   * When it is issued (now, unless the caller's other records of the moment share one time, as a
   * reissue's). Its signing link expires the volume's linkExpiryDays after this very instant: one
   * reading of the clock, not two a millisecond apart.
   */
  issuedAt?: Date;
  /** The emails' language (lib/i18n/locales.ts); English by default. */
  language?: string;
  /** Added to the "agreement.issued" event, e.g. { supersedes }. */
  eventData?: Record<string, unknown>;
};

/** The agreement row about to be written, before the statement writes it. */
export type AgreementToWrite = Pick<
  Agreement,
  | "id"
  | "status"
  | "paperId"
  | "articleTitle"
  | "authors"
  | "authorEmails"
  | "correspondingAuthorName"
  | "correspondingAuthorEmail"
  | "issuedAt"
  | "textSha256"
>;

/**
 * A condition the statement writing the agreement tests first, as the body of a CTE: the agreement
 * and everything issued with it are written only when it returns a row. It may write, too (the REST
 * API claims its Idempotency-Key there, storing its answer), and its writes stand or fall with the rest.
 */
export type IssueGuard = (agreement: AgreementToWrite) => Prisma.Sql;

/**
 * Freezes the agreement text from the newest version of the volume's template, creates its signing link, records the
 * issue and queues the invitation, all in the caller's transaction: either the author will be
 * emailed about a complete agreement, or nothing exists. The agreement names the context's staff
 * member as its issuer.
 */
export async function createAgreementInTx(tx: Tx, context: AuditContext, request: NewAgreement) {
  const { agreement, link, links } = await writeAgreement(tx, context, request);
  return { agreement: agreement!, link, links };
}

/**
 * createAgreementInTx as one statement, committed on its own (no BEGIN and COMMIT round trips: the
 * audit chain's commit trigger runs at the statement's end), written only when the guard returns a
 * row; agreement is null when it did not. The template must be given, and must not have every
 * author sign (that takes several statements: use createAgreementInTx in a transaction).
 * The statement goes on the plain pg pool and returns only the new id: the row written is known
 * here already, and Prisma's runtime and reading the agreement's text back cost more than the query.
 */
export async function createAgreementGuarded(
  context: AuditContext,
  request: NewAgreement & { template: IssuingTemplate },
  guard: IssueGuard,
): Promise<{ agreement: (AgreementToWrite & { signedAt: null }) | null }> {
  const written = await writeAgreement(null, context, request, guard);
  return { agreement: written && { ...written.row, signedAt: null } };
}

async function writeAgreement(tx: Tx, context: AuditContext, request: NewAgreement): Promise<Written>;
async function writeAgreement(
  tx: null,
  context: AuditContext,
  request: NewAgreement & { template: IssuingTemplate },
  guard: IssueGuard,
): Promise<Written | null>;
async function writeAgreement(
  tx: Tx | null,
  context: AuditContext,
  request: NewAgreement,
  guard?: IssueGuard,
): Promise<Written | null> {
  const publisher = request.proceedings.publisherName || publisherName();
  const template = request.template ?? (await templateVersionForVolume(tx!, request.proceedings));
  const row = newAgreementRow(context, request, {
    volume: request.proceedings,
    publisher,
    template,
    issuedAt: request.issuedAt ?? new Date(),
    supersedesId: request.supersedesId,
    idempotencyKey: request.idempotencyKey,
  });
  const expiresAt = new Date(row.issuedAt.getTime() + request.proceedings.linkExpiryDays * DAY_MS);
  const issued = {
    agreementId: row.id,
    type: "agreement.issued" as const,
    data: { ...agreementIssuedData(row, template, expiresAt), ...request.eventData },
  };
  if (template.signers === "every_author") {
    if (!tx) throw new Error("Every author signs: issue in a transaction.");
    const agreement = await tx.agreement.create({ data: row });
    const proceedingsName = request.proceedings.name;
    const links = await createSignerInvitations(tx, { agreement, proceedingsName, expiresAt });
    await recordEvent(tx, context, issued);
    for (const invitation of links) await queueEmail(tx, invitation.email);
    return { row, agreement, link: links[0].link, links: links.map(({ signer, link }) => ({ signer, link })) };
  }
  const link = newSigningLink();
  const invitation: OutgoingEmail = {
    agreementId: row.id,
    kind: "invitation",
    to: row.correspondingAuthorEmail,
    secretLink: link.url,
    ...invitationEmail({ ...row, proceedingsName: request.proceedings.name, signingUrl: SECRET_LINK, expiresAt }),
  };
  const email = { ...outboxRow(invitation), createdAt: row.issuedAt };
  // One round trip for everything the agreement is issued with, where Prisma took one per row (and
  // compiled each): the agreement, its link, the invitation in the outbox and its delivery job, and
  // the two events staged for the audit chain (appended when the caller's transaction commits). The
  // links' and the emails' foreign keys are checked at the statement's end, when the agreement exists.
  // Each write reads the one before it, so none is made when the guard returns no row.
  const statement = Prisma.sql`
    WITH guard AS (${guard ? guard(row) : Prisma.sql`SELECT`}),
    agreement AS (
      INSERT INTO "Agreement" (id, status, "proceedingsId", "paperId", "supersedesId", "templateVersionId", "issuedById",
        "idempotencyKey", "articleTitle", "correspondingAuthorName", "correspondingAuthorEmail", authors, "authorEmails",
        language, "publisherName", text, "textSha256", "issuedAt", "updatedAt")
      SELECT id, status, "proceedingsId", "paperId", "supersedesId", "templateVersionId", "issuedById",
        "idempotencyKey", "articleTitle", "correspondingAuthorName", "correspondingAuthorEmail", authors, "authorEmails",
        language, "publisherName", text, "textSha256", "issuedAt", "updatedAt"
      FROM json_populate_record(null::"Agreement", ${JSON.stringify(row)}::json)
      WHERE EXISTS (SELECT FROM guard)
      RETURNING *),
    link AS (
      INSERT INTO "SigningLink" (id, "agreementId", "tokenHash", "expiresAt", "createdAt")
      SELECT ${randomUUID()}, agreement.id, ${sha256Hex(link.token)},
        ${expiresAt.toISOString()}::timestamptz AT TIME ZONE 'UTC', ${row.issuedAt.toISOString()}::timestamptz AT TIME ZONE 'UTC'
      FROM agreement),
    email AS (
      INSERT INTO "EmailMessage" (id, "agreementId", kind, "to", subject, text, html, "encryptedLink",
        "attachSignedPdf", "createdAt")
      SELECT id, "agreementId", kind, "to", subject, text, html, "encryptedLink", "attachSignedPdf", "createdAt"
      FROM json_populate_record(null::"EmailMessage", ${JSON.stringify(email)}::json)
      WHERE EXISTS (SELECT FROM agreement)),
    queued AS (SELECT ${addJobCall("deliver_email", { emailId: email.id })} FROM agreement),
    staged AS (SELECT ${auditStageCall([{ ...issued, context }, ...emailQueuedEvents(invitation, email.id)])} FROM agreement)
    SELECT ${tx ? Prisma.sql`agreement.*` : Prisma.sql`agreement.id`} FROM agreement, queued, staged`;
  if (!tx) {
    const { rowCount } = await pgPool().query(preparedStatement(statement.text, statement.values));
    return rowCount ? { row, agreement: null, link, links: [] } : null;
  }
  const [agreement] = await tx.$queryRaw<Agreement[]>(statement);
  return { row, agreement, link, links: [] };
}

type Written = {
  row: AgreementToWrite;
  /** The row as PostgreSQL wrote it; null when the statement went on the pg pool (the row is known). */
  agreement: Agreement | null;
  link: ReturnType<typeof newSigningLink>;
  links: { signer: Signer; link: ReturnType<typeof newSigningLink> }[];
};
