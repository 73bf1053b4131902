import { z } from "zod";
import { StaffRole } from "@/lib/db/generated/enums";

export const STAFF_ROLES = Object.values(StaffRole);

const role = z.enum(STAFF_ROLES, { error: "Choose a role: admin, publisher or auditor." });

export const inviteStaffInput = z.object({
  email: z
    .string()
    .trim()
    .min(1, "Enter the email address they sign in with.")
    .max(254, "That email address is too long.")
    .pipe(z.email("Enter an email address like name@example.org."))
    .transform((email) => email.toLowerCase()),
  role,
});

export const changeStaffRoleInput = z.object({
  userId: z.string().min(1, "Choose a staff member.").max(100),
  role,
});

export const removeStaffInput = z.object({
  userId: z.string().min(1, "Choose a staff member.").max(100),
});
