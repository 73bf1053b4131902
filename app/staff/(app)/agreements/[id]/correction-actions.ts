"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { changeAuthorEmail } from "@/lib/agreements/corrections/change-author-email";
import { reissueAgreement } from "@/lib/agreements/corrections/reissue-agreement";
import { resendInvitation } from "@/lib/agreements/corrections/resend-invitation";
import { voidAgreement } from "@/lib/agreements/corrections/void-agreement";
import { requireStaff, type StaffContext } from "@/lib/auth/require-staff";
import { formFailure } from "@/lib/forms/form-failure";
import { formOutcome, type FormState } from "@/lib/forms/form-state";

async function correct(
  agreementId: string,
  run: (context: StaffContext) => Promise<string | void>,
): Promise<FormState> {
  const context = await requireStaff("agreements.correct");
  try {
    const done = await run(context);
    revalidatePath(`/staff/agreements/${agreementId}`);
    return formOutcome({ done: done ?? "Done." });
  } catch (error) {
    return formFailure(error, {});
  }
}

export async function resendAction(agreementId: string): Promise<FormState> {
  return correct(agreementId, async (context) => {
    const result = await resendInvitation(context, { agreementId });
    return result.resent
      ? "The invitation was sent again with a new link; the earlier link no longer works."
      : "The invitation was already being sent again.";
  });
}

export async function changeEmailAction(
  agreementId: string,
  _state: FormState,
  formData: FormData,
): Promise<FormState> {
  return correct(agreementId, async (context) => {
    const result = await changeAuthorEmail(context, { agreementId, newEmail: String(formData.get("newEmail") ?? "") });
    return `The email is now ${result.to}; a new link went there and the old link no longer works.`;
  });
}

export async function voidAction(agreementId: string, _state: FormState, formData: FormData): Promise<FormState> {
  return correct(agreementId, async (context) => {
    await voidAgreement(context, { agreementId, reason: String(formData.get("reason") ?? "") });
    return "The agreement is void; the author's link now says it was withdrawn.";
  });
}

export async function reissueAction(agreementId: string, _state: FormState, formData: FormData): Promise<FormState> {
  let newId: string | undefined;
  const state = await correct(agreementId, async (context) => {
    const changes = {
      articleTitle: String(formData.get("articleTitle") ?? ""),
      correspondingAuthorName: String(formData.get("correspondingAuthorName") ?? ""),
      authors: String(formData.get("authors") ?? ""),
    };
    const result = await reissueAgreement(context, { agreementId, changes });
    newId = result.agreement.id;
  });
  if (newId) redirect(`/staff/agreements/${newId}?issued=1`);
  return state;
}

/** Every-author agreements: a new link and invitation for one signer; the others' links stay. */
export async function signerResendAction(agreementId: string, signerId: string): Promise<FormState> {
  return correct(agreementId, async (context) => {
    const result = await resendInvitation(context, { agreementId, signerId });
    return result.resent
      ? "The invitation was sent to this author again with a new link; their earlier link no longer works."
      : "The invitation was already being sent again.";
  });
}

/** Every-author agreements: corrects one signer's address and sends them a new link there. */
export async function signerEmailAction(
  agreementId: string,
  signerId: string,
  _state: FormState,
  formData: FormData,
): Promise<FormState> {
  return correct(agreementId, async (context) => {
    const newEmail = String(formData.get("newEmail") ?? "");
    const result = await changeAuthorEmail(context, { agreementId, signerId, newEmail });
    return `The email is now ${result.to}; a new link went there and the old link no longer works.`;
  });
}
