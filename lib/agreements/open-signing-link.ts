import "server-only";
import { authorContext, type AuditContext, type RequestOrigin } from "@/lib/audit/audit-context";
import { pgPool, preparedStatement } from "@/lib/db/pg-pool";
import type { AgreementStatus } from "@/lib/db/generated/enums";
import { AppError, type AppErrorCode } from "@/lib/errors/app-error";
import { assertNotRateLimited, recordFailure } from "@/lib/http/failure-rate-limit";
import { linkRefusal, TOKEN_SHAPE, type LinkState } from "./link-refusal";
import { tokenHash } from "./signing-link";

/** What the author (or the front door on their behalf) is opening the link for. */
export type SigningLinkPurpose = "status" | "view" | "record-view" | "sign" | "decline" | "download";

export type OpenedSigningLink = {
  linkId: string;
  agreementId: string;
  agreementStatus: AgreementStatus;
  expiresAt: Date;
  /** When the link was found usable; an answer given through it is dated by this. */
  openedAt: Date;
  /** The address the link was sent to. */
  authorEmail: string;
  /** The signer the link belongs to (every-author agreements); null: the corresponding author's link. */
  signerId: string | null;
  /** The author, as every event recorded through this link names them. */
  author: AuditContext;
};

type LinkRow = LinkState & {
  pageVersion: string;
  linkId: string;
  agreementId: string;
  agreementStatus: AgreementStatus;
  authorEmail: string;
  signerId: string | null;
};

/**
 * The one door to a signing link, for every purpose: the page, its viewed report, the answers, the
 * PDF download and the front door's status check (lib/http/edge/signing-link-door.ts). The token
 * is a secret in a URL, so every lookup is throttled here: a client that presented too many
 * unknown links is refused (RATE_LIMITED) before anything else; a usable, expired or withdrawn
 * link never spends its allowance. Plain pg rather than Prisma because the front door, bundled
 * apart from the app, calls it too (see lib/db/pg-pool.ts).
 */
export async function openSigningLink(
  token: string,
  purpose: SigningLinkPurpose,
  origin: RequestOrigin,
  now = new Date(),
): Promise<OpenedSigningLink & { pageVersion: string }> {
  const throttleKey = `signing-link:${origin.ip ?? "unknown"}`;
  const hash = tokenHash(token);
  const [, link] = await Promise.all([assertNotRateLimited(throttleKey, now), findLink(token, hash)]);
  const refusal = linkRefusal(link, hash, now);
  if (refusal === "LINK_UNKNOWN") await recordFailure(throttleKey, now);
  if (refusal || !link) throw new AppError(refusal ?? "LINK_UNKNOWN");
  const notForThis = purposeRefusal(purpose, link.agreementStatus);
  if (notForThis) throw new AppError(notForThis);
  const { linkId, agreementId, agreementStatus, expiresAt, authorEmail, signerId, pageVersion } = link;
  const author = authorContext(authorEmail, origin);
  return { linkId, agreementId, agreementStatus, expiresAt, openedAt: now, authorEmail, signerId, author, pageVersion };
}

/** Refusals that depend on what the link is opened for; linkRefusal's hold for every purpose. */
function purposeRefusal(purpose: SigningLinkPurpose, status: AgreementStatus): AppErrorCode | null {
  if (purpose === "download" && status !== "signed") return "NOT_SIGNED";
  return null;
}

async function findLink(token: string, hash: string): Promise<LinkRow | null> {
  // Tokens are random: one of another shape was never issued, and is not worth a query.
  if (!TOKEN_SHAPE.test(token)) return null;
  const { rows } = await pgPool().query<LinkRow>(
    preparedStatement(
      // Columns are UTC timestamps without a zone; AT TIME ZONE makes pg read them as such.
      `SELECT l.id AS "linkId", l."tokenHash" AS "tokenHash", l."revokedAt" AS "revokedAt",
            l."expiresAt" AT TIME ZONE 'UTC' AS "expiresAt", a.id AS "agreementId",
            a.status::text AS "agreementStatus", COALESCE(s.email, a."correspondingAuthorEmail") AS "authorEmail",
            l."signerId" AS "signerId",
            concat_ws(':', l.xmin, a.xmin, p.xmin,
              (SELECT string_agg(o.xmin::text, ',' ORDER BY o.position) FROM "Signer" o WHERE o."agreementId" = a.id))
              AS "pageVersion"
     FROM "SigningLink" l JOIN "Agreement" a ON a.id = l."agreementId" LEFT JOIN "Signer" s ON s.id = l."signerId"
       JOIN "Proceedings" p ON p.id = a."proceedingsId"
     WHERE l."tokenHash" = $1`,
      [hash],
    ),
  );
  return rows[0] ?? null;
}
