"use server";

import { revalidatePath } from "next/cache";
import { retrySeal } from "@/lib/agreements/retry-seal";
import { requireStaff } from "@/lib/auth/require-staff";

export async function retrySealAction(agreementId: string) {
  const context = await requireStaff("seal.retry");
  await retrySeal(context, { agreementId });
  revalidatePath(`/staff/agreements/${agreementId}`);
}
