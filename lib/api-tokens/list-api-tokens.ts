import "server-only";
import { db } from "@/lib/db/client";
import type { StaffRole } from "@/lib/db/generated/enums";

export type ApiTokenState = "active" | "expired" | "revoked" | "owner removed";

export type ApiTokenRow = {
  id: string;
  name: string;
  role: StaffRole;
  ownerEmail: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  state: ApiTokenState;
};

/** Whose tokens a staff member sees and may revoke: an admin every token, anyone else their own. */
export function tokensVisibleTo(viewer: { id: string; role: StaffRole }) {
  return viewer.role === "admin" ? {} : { ownerId: viewer.id };
}

function stateOf(token: { revokedAt: Date | null; expiresAt: Date | null; owner: { removedAt: Date | null } }) {
  if (token.revokedAt) return "revoked";
  if (token.owner.removedAt) return "owner removed";
  if (token.expiresAt && token.expiresAt <= new Date()) return "expired";
  return "active";
}

/** The tokens page's list, newest first: what each token may do and whether it still works. */
export async function listApiTokens(viewer: { id: string; role: StaffRole }): Promise<ApiTokenRow[]> {
  const tokens = await db.apiToken.findMany({
    where: tokensVisibleTo(viewer),
    select: {
      id: true,
      name: true,
      role: true,
      createdAt: true,
      expiresAt: true,
      lastUsedAt: true,
      revokedAt: true,
      owner: { select: { email: true, removedAt: true } },
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  return tokens.map(({ owner, ...token }) => ({
    ...token,
    ownerEmail: owner.email,
    state: stateOf({ ...token, owner }),
  }));
}
