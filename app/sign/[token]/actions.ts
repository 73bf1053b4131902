"use server";

import { redirect } from "next/navigation";
import { declineAgreement } from "@/lib/agreements/decline-agreement";
import { guardedLinkLookup } from "@/lib/agreements/guarded-link-lookup";
import { openAgreementForSigning, recordAgreementViewed } from "@/lib/agreements/open-agreement-for-signing";
import { signAgreement } from "@/lib/agreements/sign-agreement";
import { declineAgreementInput, signAgreementInput } from "@/lib/agreements/sign-agreement-input";
import { ERROR_MESSAGES } from "@/lib/errors/error-messages";
import { isAppError } from "@/lib/errors/app-error";
import { fieldErrorsOf, type FormState } from "@/lib/forms/form-state";
import { requestOrigin } from "@/lib/http/requester";

export type SignField = "typedName" | "agreed";
export type DeclineField = "reason";

function refusal<Field extends string>(error: unknown, values: FormState<Field>["values"]): FormState<Field> {
  if (isAppError(error)) return { values, fieldErrors: {}, formError: ERROR_MESSAGES[error.code].message };
  console.error(error);
  return { values, fieldErrors: {}, formError: "Something went wrong on our side and nothing was recorded. Please try again." };
}

export async function signAction(token: string, _previous: FormState<SignField>, formData: FormData): Promise<FormState<SignField>> {
  const values = { typedName: String(formData.get("typedName") ?? "") };
  const parsed = signAgreementInput.safeParse({ typedName: values.typedName, agreed: formData.get("agreed") === "on" });
  if (!parsed.success) return { values, fieldErrors: fieldErrorsOf<SignField>(parsed.error) };
  const who = await requestOrigin();
  try {
    await guardedLinkLookup(who.ip, () => signAgreement({ token, typedName: parsed.data.typedName, ...who }));
  } catch (error) {
    return refusal(error, values);
  }
  redirect(`/sign/${token}`);
}

export async function declineAction(token: string, _previous: FormState<DeclineField>, formData: FormData): Promise<FormState<DeclineField>> {
  const values = { reason: String(formData.get("reason") ?? "") };
  const parsed = declineAgreementInput.safeParse(values);
  if (!parsed.success) return { values, fieldErrors: fieldErrorsOf<DeclineField>(parsed.error) };
  const who = await requestOrigin();
  try {
    await guardedLinkLookup(who.ip, () => declineAgreement({ token, reason: parsed.data.reason, ...who }));
  } catch (error) {
    return refusal(error, values);
  }
  redirect(`/sign/${token}`);
}

/** The signing page, open in a browser, reports that the author viewed it (a POST, never the GET). */
export async function viewedAction(token: string): Promise<void> {
  const who = await requestOrigin();
  try {
    const agreement = await guardedLinkLookup(who.ip, () => openAgreementForSigning({ token }));
    if (agreement.status === "viewed") await recordAgreementViewed({ agreementId: agreement.agreementId, ...who });
  } catch (error) {
    if (!isAppError(error)) console.error("recording a viewed event failed", error);
  }
}
