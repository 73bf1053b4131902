"use server";

import { revalidatePath } from "next/cache";
import { markPublished, publishedOnInput } from "@/lib/agreements/mark-published";
import { requireStaff } from "@/lib/auth/require-staff";
import { ERROR_MESSAGES } from "@/lib/errors/error-messages";
import { isAppError } from "@/lib/errors/app-error";

export type PublishState = { error?: string; done?: string };

export async function markPublishedAction(agreementId: string, _state: PublishState, formData: FormData): Promise<PublishState> {
  const context = await requireStaff("agreements.correct");
  const parsed = publishedOnInput.safeParse(String(formData.get("publishedOn") ?? ""));
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? ERROR_MESSAGES.INVALID_INPUT.message };
  try {
    const result = await markPublished(context, { agreementId, publishedOn: parsed.data });
    revalidatePath(`/staff/agreements/${agreementId}`);
    return { done: `Recorded as published on ${result.publishedOn}.` };
  } catch (error) {
    if (isAppError(error)) return { error: error.userMessage };
    throw error;
  }
}
