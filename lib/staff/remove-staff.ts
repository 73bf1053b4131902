import "server-only";
import type { AuditContext } from "@/lib/audit/audit-context";
import { db } from "@/lib/db/client";
import { recordEvent } from "@/lib/audit/record-event";
import { AppError } from "@/lib/errors/app-error";
import { isLastAdmin, LAST_ADMIN_MESSAGE, lockForStaffChange } from "./lock-staff-rows";

export type RemoveStaffOptions = { userId: string };

/**
 * Ends a staff member's access. The account stays (its name is on agreements and audit events),
 * but their sessions and unused sign-in links are deleted at once, not when they expire.
 */
export async function removeStaff(context: AuditContext, { userId }: RemoveStaffOptions) {
  return db.$transaction(async (tx) => {
    const { activeAdminCount, target } = await lockForStaffChange(tx, userId);
    if (!target) throw new AppError("NOT_FOUND", { userMessage: "There is no such staff member." });
    if (target.removedAt) return { removed: false, email: target.email };
    if (isLastAdmin(target, activeAdminCount)) throw new AppError("LAST_ADMIN", { userMessage: LAST_ADMIN_MESSAGE });
    await tx.user.update({ where: { id: userId }, data: { removedAt: new Date() } });
    const sessions = await tx.session.deleteMany({ where: { userId } });
    await tx.verificationToken.deleteMany({ where: { identifier: target.email } });
    const data = { userId, email: target.email, role: target.role, sessionsEnded: sessions.count };
    await recordEvent(tx, context, { type: "staff.removed", data });
    return { removed: true, email: target.email };
  });
}
