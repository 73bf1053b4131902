"use server";

import { revalidatePath } from "next/cache";
import { requireStaff } from "@/lib/auth/require-staff";
import { isAppError } from "@/lib/errors/app-error";
import { fieldErrorsOf, formValues, type FormState } from "@/lib/forms/form-state";
import { changeStaffRole } from "@/lib/staff/change-staff-role";
import { inviteStaff } from "@/lib/staff/invite-staff";
import { removeStaff } from "@/lib/staff/remove-staff";
import { changeStaffRoleInput, inviteStaffInput, removeStaffInput } from "@/lib/staff/staff-input";

const INVITE_FIELDS = ["email", "role"] as const;
type InviteField = (typeof INVITE_FIELDS)[number];
export type InviteStaffState = FormState<InviteField> & { done?: string };
export type StaffMemberState = { error?: string; done?: string };

function refusal(error: unknown): string {
  if (!isAppError(error)) throw error;
  return error.userMessage;
}

export async function inviteStaffAction(_previous: InviteStaffState, formData: FormData): Promise<InviteStaffState> {
  const context = await requireStaff("staff.manage");
  const values = formValues(formData, INVITE_FIELDS);
  const parsed = inviteStaffInput.safeParse(values);
  if (!parsed.success) return { values, fieldErrors: fieldErrorsOf<InviteField>(parsed.error) };
  try {
    const { restored } = await inviteStaff(context, parsed.data);
    revalidatePath("/staff/team");
    const what = restored ? "Access restored" : "Access given";
    return { values: {}, fieldErrors: {}, done: `${what}: ${parsed.data.email} is now ${parsed.data.role === "admin" ? "an" : "a"} ${parsed.data.role} and has been emailed how to sign in.` };
  } catch (error) {
    const message = refusal(error);
    // "field: message" names the field the problem belongs to.
    const [field, fieldMessage] = message.split(": ");
    if (fieldMessage && (INVITE_FIELDS as readonly string[]).includes(field)) return { values, fieldErrors: { [field]: fieldMessage } };
    return { values, fieldErrors: {}, formError: message };
  }
}

export async function changeStaffRoleAction(_previous: StaffMemberState, formData: FormData): Promise<StaffMemberState> {
  const context = await requireStaff("staff.manage");
  const parsed = changeStaffRoleInput.safeParse({ userId: formData.get("userId"), role: formData.get("role") });
  if (!parsed.success) return { error: parsed.error.issues[0]?.message };
  try {
    const result = await changeStaffRole(context, parsed.data);
    revalidatePath("/staff/team");
    return { done: result.changed ? `${result.email} is now ${result.role === "admin" ? "an" : "a"} ${result.role}.` : `${result.email} already has that role.` };
  } catch (error) {
    return { error: refusal(error) };
  }
}

export async function removeStaffAction(_previous: StaffMemberState, formData: FormData): Promise<StaffMemberState> {
  const context = await requireStaff("staff.manage");
  const parsed = removeStaffInput.safeParse({ userId: formData.get("userId") });
  if (!parsed.success) return { error: parsed.error.issues[0]?.message };
  try {
    const result = await removeStaff(context, parsed.data);
    revalidatePath("/staff/team");
    return { done: `${result.email} no longer has access; they were signed out everywhere.` };
  } catch (error) {
    return { error: refusal(error) };
  }
}
