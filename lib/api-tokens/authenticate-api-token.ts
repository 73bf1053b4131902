import "server-only";
import { apiContext, type AuditContext, type RequestOrigin } from "@/lib/audit/audit-context";
import { pgPool, preparedStatement } from "@/lib/db/pg-pool";
import type { StaffRole } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors/app-error";
import { rateLimitWindow, type RateLimitRule, type RateLimitVerdict } from "@/lib/rate-limit/consume-rate-limit";
import { API_TOKEN_PREFIX, apiTokenSecretHash, isApiTokenShaped } from "./api-token-secret";
import { lowerRole } from "./staff-role-rank";

/** Who is calling the API: the token, the role it acts with now, and the context for operations. */
export type ApiCaller = { tokenId: string; name: string; role: StaffRole; context: AuditContext };

/** lastUsedAt is a guide for staff ("used today?"), not a log: one write a minute per token at most. */
export const LAST_USED_RESOLUTION_MS = 60_000;

const TOKENS_PAGE = "/staff/api-tokens";

function refused(userMessage: string): AppError {
  return new AppError("UNAUTHENTICATED", { userMessage });
}

/** The secret from `Authorization: Bearer imp_…`, or a refusal saying what is wrong with the header. */
function bearerSecret(authorization: string | null): string {
  const header = authorization?.trim() ?? "";
  if (!header) {
    throw refused(`Send an API token in the Authorization header: "Authorization: Bearer ${API_TOKEN_PREFIX}…".`);
  }
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) {
    throw refused(`The Authorization header must be "Bearer " followed by an API token (${API_TOKEN_PREFIX}…).`);
  }
  if (!isApiTokenShaped(match[1])) {
    throw refused(
      `This is not an Imprimatur API token: tokens start with "${API_TOKEN_PREFIX}" followed by 43 characters. ` +
        "Check that you copied all of it.",
    );
  }
  return match[1];
}

type TokenRow = {
  id: string;
  name: string;
  role: StaffRole;
  expiresAt: Date | null;
  revokedAt: Date | null;
  ownerId: string;
  ownerRole: StaffRole;
  ownerRemovedAt: Date | null;
  /** The bucket's count after this call, when a rule was given and the token is usable; else null. */
  calls: number | null;
  /** The token's count in the window before, for the sliding estimate (rateLimitWindow); null if none. */
  previousCalls: number | null;
};

// One round trip for the whole check, as the API pays it on every call: the token with its owner,
// the last-used time (written at most once a minute, conditionally, so concurrent first calls of a
// minute write once between them) and, when asked, the call counted in the token's rate-limit
// bucket. A refused token (unknown, revoked, expired, owner removed) touches and counts nothing.
// Times cross as UTC text: the columns are timestamps without a zone holding UTC, as Prisma writes them.
// Its commit does not wait for the WAL's flush to disk (synchronous_commit off for this statement's own
// transaction only; the connection's next statement is durable again): what it writes is a guide and a
// counter, and a crash could lose at most the last fraction of a second of them — a few calls not
// counted once. Other instances see the count at once all the same (visibility does not wait for the flush).
// Waiting for that flush cost a create 0.5 ms on a quiet machine and 2–3 ms on a busy one.
const CHECK_TOKEN = `
  WITH relaxed AS (SELECT set_config('synchronous_commit', 'off', true)),
  token AS (
    SELECT t.id, t.name, t.role::text AS role, t."expiresAt", t."revokedAt", t."lastUsedAt",
      u.id AS "ownerId", u.role::text AS "ownerRole", u."removedAt" AS "ownerRemovedAt"
    FROM "ApiToken" t JOIN "User" u ON u.id = t."ownerId"
    WHERE t."secretHash" = $1),
  usable AS (
    SELECT id FROM token
    WHERE "revokedAt" IS NULL AND "ownerRemovedAt" IS NULL
      AND ("expiresAt" IS NULL OR "expiresAt" > ($2::timestamptz AT TIME ZONE 'UTC'))),
  touched AS (
    UPDATE "ApiToken" SET "lastUsedAt" = ($2::timestamptz AT TIME ZONE 'UTC')
    WHERE id = (SELECT id FROM usable)
      AND ("lastUsedAt" IS NULL OR "lastUsedAt" <= ($3::timestamptz AT TIME ZONE 'UTC'))
    RETURNING id),
  spent AS (
    INSERT INTO "RateLimitBucket" ("key", "windowStart", "count")
    SELECT $4 || id, $5, 1 FROM usable WHERE $4::text IS NOT NULL
    ON CONFLICT ("key", "windowStart") DO UPDATE SET "count" = "RateLimitBucket"."count" + 1
    RETURNING "count")
  SELECT id, name, role, "expiresAt" AT TIME ZONE 'UTC' AS "expiresAt", "revokedAt" AT TIME ZONE 'UTC' AS "revokedAt",
    "ownerId", "ownerRole", "ownerRemovedAt" AT TIME ZONE 'UTC' AS "ownerRemovedAt",
    (SELECT "count" FROM spent) AS calls,
    (SELECT "count" FROM "RateLimitBucket" WHERE "key" = $4 || token.id AND "windowStart" = $6) AS "previousCalls"
  FROM token, relaxed`;

/**
 * The one check of an API token, for every /api/v1 request. The secret is looked up by its SHA-256
 * through the unique index (the database holds nothing else of it). The role is the lower of the
 * token's and its owner's current role, so demoting or removing a staff member takes effect on
 * their tokens at the next call. With `spend`, a usable token's call is counted against that rate
 * limit in the same statement (PostgreSQL, shared by every instance) and the verdict returned.
 */
export async function authenticateApiToken(
  authorization: string | null,
  origin: RequestOrigin,
  spend?: RateLimitRule,
): Promise<ApiCaller & { allowance?: RateLimitVerdict }> {
  const secret = bearerSecret(authorization);
  const now = new Date();
  const window = spend && rateLimitWindow(spend, now);
  const { rows } = await pgPool().query<TokenRow>(
    preparedStatement(CHECK_TOKEN, [
      apiTokenSecretHash(secret),
      now.toISOString(),
      new Date(now.getTime() - LAST_USED_RESOLUTION_MS).toISOString(),
      window ? window.bucketKey("") : null,
      window?.windowStart ?? null,
      window?.previousWindowStart ?? null,
    ]),
  );
  const token = rows[0];
  if (!token) {
    throw refused(`This API token is not known. Check that you copied all of it, or create one at ${TOKENS_PAGE}.`);
  }
  if (token.revokedAt) {
    throw refused(`The API token "${token.name}" was revoked on ${token.revokedAt.toISOString()}.`);
  }
  if (token.expiresAt && token.expiresAt <= now) {
    throw refused(`The API token "${token.name}" expired on ${token.expiresAt.toISOString()}.`);
  }
  if (token.ownerRemovedAt) {
    throw refused(
      `The API token "${token.name}" no longer works: the staff member who created it no longer has access.`,
    );
  }
  return {
    tokenId: token.id,
    name: token.name,
    role: lowerRole(token.role, token.ownerRole),
    context: apiContext({ name: token.name, ownerId: token.ownerId }, origin),
    ...(window && token.calls !== null && { allowance: window.verdictAfter(token.calls, token.previousCalls ?? 0) }),
  };
}
