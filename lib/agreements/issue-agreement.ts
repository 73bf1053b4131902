import "server-only";
import type { AuditContext } from "@/lib/audit/audit-context";
import { db, type Tx } from "@/lib/db/client";
import { signingLinkDays } from "@/lib/config/app-config";
import { createAgreementInTx } from "./create-agreement-in-tx";
import type { IssueAgreementInput } from "./issue-agreement-input";

export type IssueAgreementRequest = Omit<IssueAgreementInput, "authorEmails" | "language"> & {
  /** The emails' language (lib/i18n/locales.ts); English when not given. */
  language?: string;
  /** Aligned with authors, "" where unknown; none given: no author's email is known. */
  authorEmails?: string[];
  /** One submitted form issues one agreement, however many times it is posted. */
  idempotencyKey?: string;
};

/**
 * Freezes the agreement text, creates its signing link and queues the invitation, all in one
 * transaction: either the author will be emailed about a complete agreement, or nothing exists.
 */
export async function issueAgreement(context: AuditContext, request: IssueAgreementRequest) {
  if (request.idempotencyKey) {
    const existing = await db.agreement.findUnique({ where: { idempotencyKey: request.idempotencyKey } });
    if (existing) return existing;
  }
  try {
    const { agreement } = await db.$transaction((tx) => issueAgreementInTx(tx, context, request));
    return agreement;
  } catch (error) {
    // Two posts of the same form raced past the first check: the other one won; return its result.
    const existing = request.idempotencyKey
      ? await db.agreement.findUnique({ where: { idempotencyKey: request.idempotencyKey } })
      : null;
    if (existing) return existing;
    throw error;
  }
}

/** issueAgreement's work inside the caller's transaction (the REST API stores its Idempotency-Key in the same one). */
export async function issueAgreementInTx(
  tx: Tx,
  context: AuditContext,
  // The form's idempotencyKey, when given, travels on to the agreement row.
  request: IssueAgreementRequest & { paperId?: string | null },
) {
  // INSERT … ON CONFLICT DO NOTHING: concurrent first agreements of a new volume share one row.
  await tx.proceedings.createMany({
    data: [{ name: request.proceedings, linkExpiryDays: signingLinkDays() }],
    skipDuplicates: true,
  });
  const proceedings = await tx.proceedings.findUniqueOrThrow({ where: { name: request.proceedings } });
  const linkExpiresAt = new Date(Date.now() + proceedings.linkExpiryDays * 86_400_000);
  const { agreement } = await createAgreementInTx(tx, context, { ...request, proceedings, linkExpiresAt });
  return { agreement, proceedings };
}
