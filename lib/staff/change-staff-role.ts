import "server-only";
import type { AuditContext } from "@/lib/audit/audit-context";
import { db } from "@/lib/db/client";
import type { StaffRole } from "@/lib/db/generated/enums";
import { recordEvent } from "@/lib/audit/record-event";
import { AppError } from "@/lib/errors/app-error";
import { isLastAdmin, LAST_ADMIN_MESSAGE, lockForStaffChange } from "./lock-staff-rows";

export type ChangeStaffRoleOptions = { userId: string; role: StaffRole };

/** Gives a staff member another role; refuses to leave the team without an admin. */
export async function changeStaffRole(context: AuditContext, { userId, role }: ChangeStaffRoleOptions) {
  return db.$transaction(async (tx) => {
    const { activeAdminCount, target } = await lockForStaffChange(tx, userId);
    if (!target || target.removedAt)
      throw new AppError("NOT_FOUND", { userMessage: "This person no longer has access." });
    if (target.role === role) return { changed: false, email: target.email, role };
    if (isLastAdmin(target, activeAdminCount)) throw new AppError("LAST_ADMIN", { userMessage: LAST_ADMIN_MESSAGE });
    await tx.user.update({ where: { id: userId }, data: { role } });
    const data = { userId, email: target.email, from: target.role, to: role };
    await recordEvent(tx, context, { type: "staff.role_changed", data });
    return { changed: true, email: target.email, role };
  });
}
