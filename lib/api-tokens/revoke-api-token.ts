import "server-only";
import type { AuditContext } from "@/lib/audit/audit-context";
import { recordEvent } from "@/lib/audit/record-event";
import { db } from "@/lib/db/client";
import type { StaffRole } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors/app-error";
import { tokensVisibleTo } from "./list-api-tokens";

export type RevokeApiTokenOptions = { tokenId: string };

/**
 * Stops a token working from its next call on. An admin may revoke any token, anyone else only
 * their own; revoking twice changes nothing and records nothing the second time.
 */
export async function revokeApiToken(context: AuditContext, { tokenId }: RevokeApiTokenOptions) {
  const viewerId = context.staffId;
  if (!viewerId) throw new AppError("FORBIDDEN", { userMessage: "Only a signed-in staff member revokes tokens." });
  return db.$transaction(async (tx) => {
    const [viewer] = await tx.$queryRaw<{ role: StaffRole }[]>`
      SELECT role::text AS role FROM "User" WHERE id = ${viewerId} AND "removedAt" IS NULL`;
    if (!viewer) throw new AppError("UNAUTHENTICATED");
    const token = await tx.apiToken.findFirst({
      where: { id: tokenId, ...tokensVisibleTo({ id: viewerId, role: viewer.role }) },
      select: { id: true, name: true, revokedAt: true },
    });
    if (!token) throw new AppError("NOT_FOUND", { userMessage: "There is no such token among those you manage." });
    if (token.revokedAt) return { revoked: false, name: token.name };
    // Guarded, so that of two revocations at once only one records the event.
    const { count } = await tx.apiToken.updateMany({
      where: { id: token.id, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (count === 0) return { revoked: false, name: token.name };
    await recordEvent(tx, context, { type: "api_token.revoked", data: { tokenId: token.id, name: token.name } });
    return { revoked: true, name: token.name };
  });
}
