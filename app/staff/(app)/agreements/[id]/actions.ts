"use server";

import { revalidatePath } from "next/cache";
import { retrySeal } from "@/lib/agreements/retry-seal";
import { requireStaff } from "@/lib/auth/require-staff";
import { requester } from "@/lib/http/requester";

export async function retrySealAction(agreementId: string) {
  const staff = await requireStaff("seal.retry");
  await retrySeal({ agreementId, actor: `staff:${staff.email}`, ...(await requester()) });
  revalidatePath(`/staff/agreements/${agreementId}`);
}
