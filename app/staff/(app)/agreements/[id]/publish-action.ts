"use server";

import { revalidatePath } from "next/cache";
import { markPublished, publishedOnInput } from "@/lib/agreements/mark-published";
import { requireStaff } from "@/lib/auth/require-staff";
import { ERROR_MESSAGES } from "@/lib/errors/error-messages";
import { formFailure } from "@/lib/forms/form-failure";
import { formOutcome, type FormState } from "@/lib/forms/form-state";

export async function markPublishedAction(
  agreementId: string,
  _state: FormState,
  formData: FormData,
): Promise<FormState> {
  const context = await requireStaff("agreements.correct");
  const parsed = publishedOnInput.safeParse(String(formData.get("publishedOn") ?? ""));
  if (!parsed.success) {
    return formOutcome({ formError: parsed.error.issues[0]?.message ?? ERROR_MESSAGES.INVALID_INPUT.message });
  }
  try {
    const result = await markPublished(context, { agreementId, publishedOn: parsed.data });
    revalidatePath(`/staff/agreements/${agreementId}`);
    return formOutcome({ done: `Recorded as published on ${result.publishedOn}.` });
  } catch (error) {
    return formFailure(error, {});
  }
}
