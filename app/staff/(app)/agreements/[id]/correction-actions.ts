"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { changeAuthorEmail } from "@/lib/agreements/corrections/change-author-email";
import { reissueAgreement } from "@/lib/agreements/corrections/reissue-agreement";
import { resendInvitation } from "@/lib/agreements/corrections/resend-invitation";
import { voidAgreement } from "@/lib/agreements/corrections/void-agreement";
import { requireStaff } from "@/lib/auth/require-staff";
import { isAppError } from "@/lib/errors/app-error";
import { requester } from "@/lib/http/requester";

export type CorrectionState = { error?: string; done?: string };

async function correct(agreementId: string, run: (who: { actor: string; staffId: string; ip: string | null; userAgent: string | null }) => Promise<string | void>): Promise<CorrectionState> {
  const staff = await requireStaff("agreements.correct");
  try {
    const done = await run({ actor: `staff:${staff.email}`, staffId: staff.id, ...(await requester()) });
    revalidatePath(`/staff/agreements/${agreementId}`);
    return { done: done ?? "Done." };
  } catch (error) {
    // The operations explain a refusal in their own sentence; the code's general one is a fallback.
    if (isAppError(error)) return { error: error.userMessage };
    throw error;
  }
}

export async function resendAction(agreementId: string): Promise<CorrectionState> {
  return correct(agreementId, async (who) => {
    const result = await resendInvitation({ agreementId, ...who });
    return result.resent ? "The invitation was sent again with a new link; the earlier link no longer works." : "The invitation was already being sent again.";
  });
}

export async function changeEmailAction(agreementId: string, _state: CorrectionState, formData: FormData): Promise<CorrectionState> {
  return correct(agreementId, async (who) => {
    const result = await changeAuthorEmail({ agreementId, newEmail: String(formData.get("newEmail") ?? ""), ...who });
    return `The email is now ${result.to}; a new link went there and the old link no longer works.`;
  });
}

export async function voidAction(agreementId: string, _state: CorrectionState, formData: FormData): Promise<CorrectionState> {
  return correct(agreementId, async (who) => {
    await voidAgreement({ agreementId, reason: String(formData.get("reason") ?? ""), ...who });
    return "The agreement is void; the author's link now says it was withdrawn.";
  });
}

export async function reissueAction(agreementId: string, _state: CorrectionState, formData: FormData): Promise<CorrectionState> {
  let newId: string | undefined;
  const state = await correct(agreementId, async (who) => {
    const changes = { articleTitle: String(formData.get("articleTitle") ?? ""), correspondingAuthorName: String(formData.get("correspondingAuthorName") ?? ""), authors: String(formData.get("authors") ?? "") };
    const result = await reissueAgreement({ agreementId, changes, issuedById: who.staffId, ...who });
    newId = result.agreement.id;
  });
  if (newId) redirect(`/staff/agreements/${newId}?issued=1`);
  return state;
}
