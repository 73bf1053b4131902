import "server-only";
import type { AuditContext } from "@/lib/audit/audit-context";
import { recordEvent } from "@/lib/audit/record-event";
import { db } from "@/lib/db/client";
import type { StaffRole } from "@/lib/db/generated/enums";
import { uniqueViolationFields } from "@/lib/db/unique-violation";
import { AppError } from "@/lib/errors/app-error";
import { apiTokenSecretHash, newApiTokenSecret } from "./api-token-secret";
import { roleAtMost } from "./staff-role-rank";

export type CreateApiTokenOptions = { name: string; role: StaffRole; expiresAt: Date | null };

const nameTaken = (cause?: unknown) =>
  new AppError("ALREADY_EXISTS", {
    field: "name",
    userMessage: "A token with this name exists (or existed): the audit log names tokens, so choose another name.",
    cause,
  });

/**
 * Creates an API token owned by the staff member acting, with a role no higher than their own.
 * The secret is returned once, for the page to show; only its SHA-256 is stored.
 */
export async function createApiToken(context: AuditContext, { name, role, expiresAt }: CreateApiTokenOptions) {
  if (!context.staffId)
    throw new AppError("FORBIDDEN", { userMessage: "Only a signed-in staff member creates tokens." });
  const ownerId = context.staffId;
  if (expiresAt && expiresAt <= new Date()) {
    throw new AppError("INVALID_INPUT", { field: "expiresOn", userMessage: "Choose an expiry date in the future." });
  }
  const secret = newApiTokenSecret();
  try {
    const token = await db.$transaction(async (tx) => {
      // The owner's row is held until the token exists, so a role change cannot slip in between.
      const [owner] = await tx.$queryRaw<{ role: StaffRole; removedAt: Date | null }[]>`
        SELECT role::text AS role, "removedAt" FROM "User" WHERE id = ${ownerId} FOR SHARE`;
      if (!owner || owner.removedAt) throw new AppError("UNAUTHENTICATED");
      if (!roleAtMost(role, owner.role)) {
        throw new AppError("FORBIDDEN", {
          field: "role",
          userMessage: `As ${owner.role === "admin" ? "an" : "a"} ${owner.role} you can create tokens up to the ${owner.role} role.`,
        });
      }
      const created = await tx.apiToken.create({
        data: { name, role, expiresAt, ownerId, secretHash: apiTokenSecretHash(secret) },
        select: { id: true, name: true, role: true, expiresAt: true, createdAt: true },
      });
      const data = { tokenId: created.id, name, role, expiresAt: expiresAt?.toISOString() ?? null };
      await recordEvent(tx, context, { type: "api_token.created", data });
      return created;
    });
    return { token, secret };
  } catch (error) {
    if (uniqueViolationFields(error)?.includes("name")) throw nameTaken(error);
    throw error;
  }
}
