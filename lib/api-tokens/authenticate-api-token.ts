import "server-only";
import { apiContext, type AuditContext, type RequestOrigin } from "@/lib/audit/audit-context";
import { db } from "@/lib/db/client";
import type { StaffRole } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors/app-error";
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

/**
 * The one check of an API token, for every /api/v1 request. The secret is looked up by its SHA-256
 * through the unique index (the database holds nothing else of it). The role is the lower of the
 * token's and its owner's current role, so demoting or removing a staff member takes effect on
 * their tokens at the next call.
 */
export async function authenticateApiToken(authorization: string | null, origin: RequestOrigin): Promise<ApiCaller> {
  const secret = bearerSecret(authorization);
  const token = await db.apiToken.findUnique({
    where: { secretHash: apiTokenSecretHash(secret) },
    select: {
      id: true,
      name: true,
      role: true,
      expiresAt: true,
      revokedAt: true,
      lastUsedAt: true,
      owner: { select: { id: true, role: true, removedAt: true } },
    },
  });
  if (!token) {
    throw refused(`This API token is not known. Check that you copied all of it, or create one at ${TOKENS_PAGE}.`);
  }
  if (token.revokedAt) {
    throw refused(`The API token "${token.name}" was revoked on ${token.revokedAt.toISOString()}.`);
  }
  const now = new Date();
  if (token.expiresAt && token.expiresAt <= now) {
    throw refused(`The API token "${token.name}" expired on ${token.expiresAt.toISOString()}.`);
  }
  if (token.owner.removedAt) {
    throw refused(
      `The API token "${token.name}" no longer works: the staff member who created it no longer has access.`,
    );
  }
  await noteUse(token.id, token.lastUsedAt, now);
  return {
    tokenId: token.id,
    name: token.name,
    role: lowerRole(token.role, token.owner.role),
    context: apiContext({ name: token.name, ownerId: token.owner.id }, origin),
  };
}

async function noteUse(tokenId: string, lastUsedAt: Date | null, now: Date) {
  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (lastUsedAt && lastUsedAt > staleBefore) return;
  // Conditional, so that concurrent first calls of a minute write once between them.
  await db.apiToken.updateMany({
    where: { id: tokenId, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: staleBefore } }] },
    data: { lastUsedAt: now },
  });
}
