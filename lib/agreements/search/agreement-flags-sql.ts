import "server-only";
import { Prisma } from "@/lib/db/generated/client";
import type { AgreementFlag } from "./agreement-query";

/**
 * What staff should look at, decided in SQL so that the list can filter by it and an export of
 * thousands of rows computes it once. Every expression reads these aliases, which the search's FROM
 * clause provides (see flagJoins):
 *   a   the agreement
 *   em  its newest email (by createdAt, then id)
 *   ln  its newest signing link that was not revoked
 *   and the parameter `now` (the app's clock, as a UTC timestamp).
 *
 * The rules:
 * - name_mismatch: signed, and the typed signature is not the invited corresponding author's name.
 *   Names are compared as sets of words after lower() and collapsing whitespace, so "Zhang Haoyang"
 *   matches "haoyang  ZHANG" (family name first or last) but not "Zhang Zhongang". No unaccent:
 *   the extension is not installed, so "José" and "Jose" differ and are flagged for a human look.
 * - email_failed: the newest email of the agreement failed; the reason is the mail server's answer.
 * - seal_failed: sealing the signed PDF failed; the reason is the sealing error.
 * - seal_waiting_for_timestamp: the seal waits for an unavailable timestamp authority (TSA_URL); the
 *   reason says since when and why.
 * - sealed_without_timestamp: the authority stayed unavailable past TSA_GRACE_MINUTES, so the seal
 *   was made without its timestamp and is to be re-timestamped.
 * - link_expiring: open (sent or viewed) and the newest unrevoked link expires within 3 days (or has
 *   expired and the expiry sweep has not caught up yet).
 * - termination_due: clause 7, signed but not published, 335 days or more since signing and less
 *   than a year: 30 days to publish before the agreement terminates.
 * - terminated: clause 7, signed more than a year ago and not published within that year.
 */

/** The newest email (`em`), which email_failed reads. */
export const emailJoin = Prisma.sql`
  LEFT JOIN LATERAL (
    SELECT e.kind, e.status, e."lastError" FROM "EmailMessage" e
    WHERE e."agreementId" = a.id ORDER BY e."createdAt" DESC, e.id DESC LIMIT 1
  ) em ON true`;

/** The newest unrevoked link (`ln`), which link_expiring reads. */
export const linkJoin = Prisma.sql`
  LEFT JOIN LATERAL (
    SELECT l."expiresAt" FROM "SigningLink" l
    WHERE l."agreementId" = a.id AND l."revokedAt" IS NULL ORDER BY l."createdAt" DESC, l.id DESC LIMIT 1
  ) ln ON true`;

/** The joins every flag expression relies on. */
export const flagJoins = Prisma.sql`${emailJoin}${linkJoin}`;

const day = (timestamp: Prisma.Sql) => Prisma.sql`to_char(${timestamp}, 'YYYY-MM-DD')`;
const minute = (timestamp: Prisma.Sql) => Prisma.sql`to_char(${timestamp}, 'YYYY-MM-DD HH24:MI "UTC"')`;
const anniversary = Prisma.sql`(a."signedAt" + interval '1 year')`;

type FlagSql = { when: (now: Prisma.Sql) => Prisma.Sql; reason: (now: Prisma.Sql) => Prisma.Sql };

export const FLAG_SQL: Record<AgreementFlag, FlagSql> = {
  name_mismatch: {
    // Kept up to date by a database trigger (migration "list_at_scale") with the same rule.
    when: () => Prisma.sql`a."nameMismatch"`,
    reason: () => Prisma.sql`format('Signed as “%s”, invited “%s”', a."signatureName", a."correspondingAuthorName")`,
  },
  email_failed: {
    when: () => Prisma.sql`(em.status = 'failed')`,
    reason: () =>
      Prisma.sql`format('The %s email failed: %s', replace(em.kind, '_', ' '), coalesce(em."lastError", 'no error was recorded'))`,
  },
  seal_failed: {
    when: () => Prisma.sql`(a."sealStatus" = 'failed')`,
    reason: () =>
      Prisma.sql`format('Sealing the signed PDF failed: %s', coalesce(a."sealError", 'no error was recorded'))`,
  },
  seal_waiting_for_timestamp: {
    when: () => Prisma.sql`(a."sealStatus" = 'waiting_for_timestamp')`,
    reason: () =>
      Prisma.sql`format('Sealing waits for the timestamp authority since %s: %s',
        ${minute(Prisma.sql`a."sealWaitingSince"`)}, coalesce(a."sealError", 'no error was recorded'))`,
  },
  sealed_without_timestamp: {
    when: () =>
      // Until a document timestamp (TimestampedDocument) has re-timestamped it.
      Prisma.sql`(EXISTS (SELECT 1 FROM "SignedDocument" d WHERE d."agreementId" = a.id AND d."timestampMissing")
        AND NOT EXISTS (SELECT 1 FROM "TimestampedDocument" t WHERE t."agreementId" = a.id))`,
    reason: () =>
      Prisma.sql`'Sealed without a timestamp: the timestamp authority was unavailable; it is to be re-timestamped'`,
  },
  link_expiring: {
    when: (now) => Prisma.sql`(a.status IN ('sent', 'viewed') AND ln."expiresAt" <= ${now} + interval '3 days')`,
    reason: (now) =>
      Prisma.sql`CASE WHEN ln."expiresAt" > ${now} THEN 'The signing link expires ' ELSE 'The signing link expired ' END || ${minute(Prisma.sql`ln."expiresAt"`)}`,
  },
  termination_due: {
    when: (now) =>
      Prisma.sql`(a.status = 'signed' AND a."publishedAt" IS NULL AND a."signedAt" <= ${now} - interval '335 days' AND ${anniversary} > ${now})`,
    reason: () => Prisma.sql`format('Terminates on %s unless published (clause 7)', ${day(anniversary)})`,
  },
  terminated: {
    when: (now) =>
      Prisma.sql`(a.status = 'signed' AND ${anniversary} <= ${now} AND (a."publishedAt" IS NULL OR a."publishedAt" > ${anniversary}))`,
    reason: () =>
      Prisma.sql`format('Terminated on %s: not published within a year of signing (clause 7)', ${day(anniversary)})`,
  },
};

/** A jsonb array of {flag, reason}, one entry per flag that applies to the row. */
export function flagsColumn(now: Prisma.Sql): Prisma.Sql {
  const entries = Object.entries(FLAG_SQL).map(
    ([flag, sql]) =>
      Prisma.sql`CASE WHEN ${sql.when(now)} THEN jsonb_build_object('flag', ${flag}::text, 'reason', ${sql.reason(now)}) END`,
  );
  return Prisma.sql`to_jsonb(array_remove(ARRAY[${Prisma.join(entries)}]::jsonb[], NULL))`;
}
