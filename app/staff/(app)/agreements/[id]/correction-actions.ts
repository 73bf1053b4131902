"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { changeAuthorEmail } from "@/lib/agreements/corrections/change-author-email";
import { reissueAgreement } from "@/lib/agreements/corrections/reissue-agreement";
import { resendInvitation } from "@/lib/agreements/corrections/resend-invitation";
import { voidAgreement } from "@/lib/agreements/corrections/void-agreement";
import { requireStaff } from "@/lib/auth/require-staff";
import { formFailure } from "@/lib/forms/form-failure";
import { formOutcome, type FormState } from "@/lib/forms/form-state";
import { requester } from "@/lib/http/requester";

type Who = { actor: string; staffId: string; ip: string | null; userAgent: string | null };

async function correct(agreementId: string, run: (who: Who) => Promise<string | void>): Promise<FormState> {
  const staff = await requireStaff("agreements.correct");
  try {
    const done = await run({ actor: `staff:${staff.email}`, staffId: staff.id, ...(await requester()) });
    revalidatePath(`/staff/agreements/${agreementId}`);
    return formOutcome({ done: done ?? "Done." });
  } catch (error) {
    return formFailure(error, {});
  }
}

export async function resendAction(agreementId: string): Promise<FormState> {
  return correct(agreementId, async (who) => {
    const result = await resendInvitation({ agreementId, ...who });
    return result.resent ? "The invitation was sent again with a new link; the earlier link no longer works." : "The invitation was already being sent again.";
  });
}

export async function changeEmailAction(
  agreementId: string,
  _state: FormState,
  formData: FormData,
): Promise<FormState> {
  return correct(agreementId, async (who) => {
    const result = await changeAuthorEmail({ agreementId, newEmail: String(formData.get("newEmail") ?? ""), ...who });
    return `The email is now ${result.to}; a new link went there and the old link no longer works.`;
  });
}

export async function voidAction(agreementId: string, _state: FormState, formData: FormData): Promise<FormState> {
  return correct(agreementId, async (who) => {
    await voidAgreement({ agreementId, reason: String(formData.get("reason") ?? ""), ...who });
    return "The agreement is void; the author's link now says it was withdrawn.";
  });
}

export async function reissueAction(agreementId: string, _state: FormState, formData: FormData): Promise<FormState> {
  let newId: string | undefined;
  const state = await correct(agreementId, async (who) => {
    const changes = { articleTitle: String(formData.get("articleTitle") ?? ""), correspondingAuthorName: String(formData.get("correspondingAuthorName") ?? ""), authors: String(formData.get("authors") ?? "") };
    const result = await reissueAgreement({ agreementId, changes, issuedById: who.staffId, ...who });
    newId = result.agreement.id;
  });
  if (newId) redirect(`/staff/agreements/${newId}?issued=1`);
  return state;
}
