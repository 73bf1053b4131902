"use server";

import { revalidatePath } from "next/cache";
import { markPublished, publishedOnInput } from "@/lib/agreements/mark-published";
import { requireStaff } from "@/lib/auth/require-staff";
import { ERROR_MESSAGES } from "@/lib/errors/error-messages";
import { formFailure } from "@/lib/forms/form-failure";
import { formOutcome, type FormState } from "@/lib/forms/form-state";
import { requester } from "@/lib/http/requester";

export async function markPublishedAction(
  agreementId: string,
  _state: FormState,
  formData: FormData,
): Promise<FormState> {
  const staff = await requireStaff("agreements.correct");
  const parsed = publishedOnInput.safeParse(String(formData.get("publishedOn") ?? ""));
  if (!parsed.success) {
    return formOutcome({ formError: parsed.error.issues[0]?.message ?? ERROR_MESSAGES.INVALID_INPUT.message });
  }
  try {
    const result = await markPublished({ agreementId, publishedOn: parsed.data, actor: `staff:${staff.email}`, ...(await requester()) });
    revalidatePath(`/staff/agreements/${agreementId}`);
    return formOutcome({ done: `Recorded as published on ${result.publishedOn}.` });
  } catch (error) {
    return formFailure(error, {});
  }
}
