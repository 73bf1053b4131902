"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { declineAgreement } from "@/lib/agreements/decline-agreement";
import { recordAgreementViewed } from "@/lib/agreements/open-agreement-for-signing";
import { signAgreement } from "@/lib/agreements/sign-agreement";
import { isChoiceField, submittedChoices, type ChoiceFieldName } from "@/lib/agreements/choice-answers";
import { declineAgreementInput, signAgreementInput } from "@/lib/agreements/sign-agreement-input";
import { isAppError } from "@/lib/errors/app-error";
import { formFailure } from "@/lib/forms/form-failure";
import { fieldErrorsOf, type FormState } from "@/lib/forms/form-state";
import { requestOrigin } from "@/lib/http/requester";
import { localizeSignState } from "@/lib/i18n/localize-form-state";
import { requestLocale } from "@/lib/i18n/request-locale";

export type SignField = "typedName" | "agreed" | ChoiceFieldName;
export type DeclineField = "reason";

export async function signAction(
  token: string,
  _previous: FormState<SignField>,
  formData: FormData,
): Promise<FormState<SignField>> {
  const answers = submittedChoices(formData);
  const values = { typedName: String(formData.get("typedName") ?? ""), ...answers.values };
  const locale = requestLocale(await headers());
  const parsed = signAgreementInput.safeParse({ typedName: values.typedName, agreed: formData.get("agreed") === "on" });
  if (!parsed.success)
    return localizeSignState(locale, { values, fieldErrors: fieldErrorsOf<SignField>(parsed.error) });
  try {
    await signAgreement(await requestOrigin(), {
      token,
      typedName: parsed.data.typedName,
      choices: answers.submitted,
      language: locale,
    });
  } catch (error) {
    return localizeSignState(locale, signFailure(error, values), error);
  }
  redirect(`/sign/${token}`);
}

// The questions' fields are the template's: those an error names are the form's fields too. The
// questions sit in the agreement text above the form, so the form also says where to look.
function signFailure(error: unknown, values: Partial<Record<SignField, string>>): FormState<SignField> {
  const choiceFields = Object.keys((isAppError(error) && error.fieldErrors) || {}).filter(isChoiceField);
  const state = formFailure<SignField>(error, values, ["typedName", "agreed", ...choiceFields]);
  const unanswered = Object.keys(state.fieldErrors).filter(isChoiceField).length;
  if (unanswered === 0) return state;
  const questions =
    unanswered === 1 ? "One answer in the agreement above needs" : `${unanswered} answers in the agreement above need`;
  return { ...state, formError: `${questions} your attention before you can sign.` };
}

export async function declineAction(
  token: string,
  _previous: FormState<DeclineField>,
  formData: FormData,
): Promise<FormState<DeclineField>> {
  const values = { reason: String(formData.get("reason") ?? "") };
  const locale = requestLocale(await headers());
  const parsed = declineAgreementInput.safeParse(values);
  if (!parsed.success)
    return localizeSignState(locale, { values, fieldErrors: fieldErrorsOf<DeclineField>(parsed.error) });
  try {
    await declineAgreement(await requestOrigin(), { token, reason: parsed.data.reason });
  } catch (error) {
    return localizeSignState(locale, formFailure(error, values), error);
  }
  redirect(`/sign/${token}`);
}

/** The signing page, open in a browser, reports that the author viewed it (a POST, never the GET). */
export async function viewedAction(token: string): Promise<void> {
  try {
    await recordAgreementViewed(await requestOrigin(), { token });
  } catch (error) {
    if (!isAppError(error)) console.error("recording a viewed event failed", error);
  }
}
