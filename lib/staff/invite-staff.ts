import "server-only";
import type { AuditContext } from "@/lib/audit/audit-context";
import { db } from "@/lib/db/client";
import type { StaffRole } from "@/lib/db/generated/enums";
import { recordEvent } from "@/lib/audit/record-event";
import { appUrl } from "@/lib/config/app-config";
import { uniqueViolationFields } from "@/lib/db/unique-violation";
import { AppError } from "@/lib/errors/app-error";
import { queueEmail } from "@/lib/mail/outbox";
import { staffInvitationEmail } from "@/lib/mail/templates/staff-invitation-email";

export type InviteStaffOptions = { email: string; role: StaffRole };

const ALREADY_STAFF = "This person already has access. Change their role in the list instead.";
const alreadyStaff = (cause?: unknown) =>
  new AppError("ALREADY_EXISTS", { field: "email", userMessage: ALREADY_STAFF, cause });

/**
 * Gives an email address staff access with a role and tells them by email. Someone whose access
 * was removed is restored (same account, so their history stays theirs) with the new role.
 */
export async function inviteStaff(context: AuditContext, { email, role }: InviteStaffOptions) {
  try {
    return await db.$transaction(async (tx) => {
      const [existing] = await tx.$queryRaw<{ id: string; removedAt: Date | null }[]>`
        SELECT id, "removedAt" FROM "User" WHERE email = ${email} FOR UPDATE`;
      if (existing && !existing.removedAt) throw alreadyStaff();
      const user = existing
        ? await tx.user.update({ where: { id: existing.id }, data: { role, removedAt: null } })
        : await tx.user.create({ data: { email, role } });
      await queueEmail(tx, {
        kind: "staff_invitation",
        to: email,
        ...staffInvitationEmail({ role, signInUrl: `${appUrl()}/staff/sign-in` }),
      });
      const data = { userId: user.id, email, role, restored: Boolean(existing) };
      await recordEvent(tx, context, { type: "staff.invited", data });
      return { user, restored: Boolean(existing) };
    });
  } catch (error) {
    // Two admins inviting the same address at once: the unique email index refuses the second.
    if (uniqueViolationFields(error)) throw alreadyStaff(error);
    throw error;
  }
}
