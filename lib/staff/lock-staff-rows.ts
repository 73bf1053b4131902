import "server-only";
import type { Tx } from "@/lib/db/client";
import type { StaffRole } from "@/lib/db/generated/enums";

export type LockedStaffMember = { id: string; email: string; role: StaffRole; removedAt: Date | null };

export const LAST_ADMIN_MESSAGE = "There must be at least one admin.";

/**
 * Locks every active admin row, then the member about to change, in that order for every caller
 * (so two changes never deadlock). Two admins demoting each other at once: the second waits for
 * the first, then no longer sees the first as an admin, and is refused as the last one.
 */
export async function lockForStaffChange(tx: Tx, userId: string) {
  const admins = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "User" WHERE role = 'admin' AND "removedAt" IS NULL ORDER BY id FOR UPDATE`;
  const [target] = await tx.$queryRaw<LockedStaffMember[]>`
    SELECT id, email, role::text AS role, "removedAt" FROM "User" WHERE id = ${userId} FOR UPDATE`;
  return { activeAdminCount: admins.length, target: target as LockedStaffMember | undefined };
}

/** Whether taking this member's admin role away would leave nobody who can manage staff. */
export function isLastAdmin(target: LockedStaffMember, activeAdminCount: number): boolean {
  return target.role === "admin" && target.removedAt === null && activeAdminCount <= 1;
}
