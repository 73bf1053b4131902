"use server";

import { revalidatePath } from "next/cache";
import { timestampSignedDocument } from "@/lib/agreements/timestamp-signed-document";
import { requireStaff } from "@/lib/auth/require-staff";
import { formatUtc } from "@/lib/dates/format-utc";
import { formFailure } from "@/lib/forms/form-failure";
import { formOutcome, type FormState } from "@/lib/forms/form-state";

export async function addTimestampAction(agreementId: string): Promise<FormState> {
  const context = await requireStaff("documents.timestamp");
  try {
    const result = await timestampSignedDocument(context, { agreementId, reason: "staff" });
    revalidatePath(`/staff/agreements/${agreementId}`);
    return formOutcome({
      done: `Timestamp added: ${formatUtc(result.timestampAt)} by ${result.timestampAuthority}. Downloads now serve this version.`,
    });
  } catch (error) {
    return formFailure(error, {});
  }
}
