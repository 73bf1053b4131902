import { z } from "zod";
import { StaffRole } from "@/lib/db/generated/enums";
import { emailAddress } from "@/lib/text/user-text";

export const STAFF_ROLES = Object.values(StaffRole);

const role = z.enum(STAFF_ROLES, { error: "Choose a role: admin, publisher or auditor." });

export const inviteStaffInput = z.object({
  email: emailAddress("Email", {
    required: "Enter the email address they sign in with.",
    tooLong: "That email address is too long.",
  }),
  role,
});

export const changeStaffRoleInput = z.object({
  userId: z.string().min(1, "Choose a staff member.").max(100),
  role,
});

export const removeStaffInput = z.object({
  userId: z.string().min(1, "Choose a staff member.").max(100),
});
