"use server";

import { revalidatePath } from "next/cache";
import { requireStaff } from "@/lib/auth/require-staff";
import { formFailure } from "@/lib/forms/form-failure";
import { fieldErrorsOf, formOutcome, formValues, type FormState } from "@/lib/forms/form-state";
import { changeStaffRole } from "@/lib/staff/change-staff-role";
import { inviteStaff } from "@/lib/staff/invite-staff";
import { removeStaff } from "@/lib/staff/remove-staff";
import { changeStaffRoleInput, inviteStaffInput, removeStaffInput } from "@/lib/staff/staff-input";

const INVITE_FIELDS = ["email", "role"] as const;
type InviteField = (typeof INVITE_FIELDS)[number];

export async function inviteStaffAction(
  _previous: FormState<InviteField>,
  formData: FormData,
): Promise<FormState<InviteField>> {
  const context = await requireStaff("staff.manage");
  const values = formValues(formData, INVITE_FIELDS);
  const parsed = inviteStaffInput.safeParse(values);
  if (!parsed.success) return { values, fieldErrors: fieldErrorsOf<InviteField>(parsed.error) };
  try {
    const { restored } = await inviteStaff(context, parsed.data);
    revalidatePath("/staff/team");
    const what = restored ? "Access restored" : "Access given";
    const role = `${parsed.data.role === "admin" ? "an" : "a"} ${parsed.data.role}`;
    return formOutcome({ done: `${what}: ${parsed.data.email} is now ${role} and has been emailed how to sign in.` });
  } catch (error) {
    return formFailure(error, values, INVITE_FIELDS);
  }
}

export async function changeStaffRoleAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const context = await requireStaff("staff.manage");
  const parsed = changeStaffRoleInput.safeParse({ userId: formData.get("userId"), role: formData.get("role") });
  if (!parsed.success) return formOutcome({ formError: parsed.error.issues[0]?.message });
  try {
    const result = await changeStaffRole(context, parsed.data);
    revalidatePath("/staff/team");
    const role = `${result.role === "admin" ? "an" : "a"} ${result.role}`;
    const done = result.changed ? `${result.email} is now ${role}.` : `${result.email} already has that role.`;
    return formOutcome({ done });
  } catch (error) {
    return formFailure(error, {});
  }
}

export async function removeStaffAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const context = await requireStaff("staff.manage");
  const parsed = removeStaffInput.safeParse({ userId: formData.get("userId") });
  if (!parsed.success) return formOutcome({ formError: parsed.error.issues[0]?.message });
  try {
    const result = await removeStaff(context, parsed.data);
    revalidatePath("/staff/team");
    return formOutcome({ done: `${result.email} no longer has access; they were signed out everywhere.` });
  } catch (error) {
    return formFailure(error, {});
  }
}
