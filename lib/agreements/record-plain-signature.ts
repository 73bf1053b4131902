import "server-only";
import { auditStageCall } from "@/lib/audit/record-event";
import { inPoolTransaction } from "@/lib/db/sql-runner";
import { Prisma } from "@/lib/db/generated/client";
import { addJobCall } from "@/lib/queue/enqueue-job";
import { OPEN_FOR_SIGNING } from "./agreement-states";
import type { OpenedSigningLink } from "./open-signing-link";

type PlainSignature = {
  link: OpenedSigningLink;
  typedName: string;
  language?: string;
};

const utc = (date: Date) => Prisma.sql`${date.toISOString()}::timestamptz AT TIME ZONE 'UTC'`;

/**
 * The corresponding author's signature in the common case — a template that asks no choices and
 * no co-author to tell — as two prepared statements in one transaction on the pg pool, where the
 * Prisma transaction took eight round trips, each through its query compiler on the server's
 * thread. Records exactly what signAgreement's general path records (the agreement signed, the
 * link used, the seal job, the "agreement.signed" event), under the same conditions.
 * Returns false, having changed nothing, whenever anything is out of the ordinary (already
 * answered, withdrawn, a template with choices, co-authors to tell, a link revoked since it was
 * opened): the general path then decides, and gives the refusal with its reason.
 */
export async function recordPlainSignature({ link, typedName, language }: PlainSignature): Promise<boolean> {
  const { agreementId, author, openedAt: signedAt } = link;
  // The update applies only while the agreement is open and its signature is plain; the link is
  // used only when the agreement was updated. Both rows come back so a half-done pair is undone.
  const settle = Prisma.sql`
    WITH settled AS (
      UPDATE "Agreement" a SET status = 'signed', "sealStatus" = 'pending', "signedAt" = ${utc(signedAt)},
        "signatureName" = ${typedName}, "signerIp" = ${author.ip ?? null}, "signerUserAgent" = ${author.userAgent ?? null},
        "signedLanguage" = coalesce(${language || null}::text, a."signedLanguage"), "updatedAt" = ${utc(new Date())}
      FROM "TemplateVersion" t
      WHERE a.id = ${agreementId} AND a.status::text = ANY(${OPEN_FOR_SIGNING}::text[])
        AND t.id = a."templateVersionId" AND t.choices = '[]'::jsonb
        AND NOT EXISTS (SELECT FROM "Signer" s WHERE s."agreementId" = a.id)
        AND NOT EXISTS (
          SELECT FROM unnest(a."authorEmails"[1:cardinality(a.authors)]) AS e(email)
          WHERE e.email <> '' AND e.email <> lower(a."correspondingAuthorEmail"))
      RETURNING a."textSha256"),
    used AS (
      UPDATE "SigningLink" SET "usedAt" = ${utc(signedAt)}
      WHERE id = ${link.linkId} AND "revokedAt" IS NULL AND "usedAt" IS NULL AND EXISTS (SELECT FROM settled)
      RETURNING id)
    SELECT settled."textSha256", (SELECT count(*) FROM used)::int AS used FROM settled`;
  try {
    return await inPoolTransaction(async (sql) => {
      const [settled] = await sql<{ textSha256: string; used: number }>(settle.text, settle.values);
      if (!settled || settled.used !== 1) throw new NotPlain();
      // The event's data and its order are the general path's (sign-agreement.ts, settle-agreement.ts).
      const event = {
        agreementId,
        type: "agreement.signed" as const,
        data: {
          typedName,
          signedAt: signedAt.toISOString(),
          ...(language ? { language } : {}),
          textSha256: settled.textSha256,
        },
        context: author,
      };
      const queue = Prisma.sql`SELECT ${addJobCall("seal_agreement", { agreementId })} IS NULL AS queued,
        ${auditStageCall([event])} IS NULL AS staged`;
      await sql(queue.text, queue.values);
      return true;
    });
  } catch (error) {
    if (error instanceof NotPlain) return false;
    throw error;
  }
}

/** Thrown inside the transaction when the signature is not a plain one: it rolls everything back. */
class NotPlain extends Error {}
