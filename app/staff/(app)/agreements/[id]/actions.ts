"use server";

import { revalidatePath } from "next/cache";
import { retrySeal } from "@/lib/agreements/retry-seal";
import { requireStaff } from "@/lib/auth/require-staff";
import { formFailure } from "@/lib/forms/form-failure";
import { formOutcome, type FormState } from "@/lib/forms/form-state";

export async function retrySealAction(agreementId: string): Promise<FormState> {
  const context = await requireStaff("seal.retry");
  try {
    await retrySeal(context, { agreementId });
  } catch (error) {
    return formFailure(error, {});
  }
  revalidatePath(`/staff/agreements/${agreementId}`);
  return formOutcome({ done: "Sealing again; this page shows the result when it is done." });
}
