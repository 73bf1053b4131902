"use server";

import { revalidatePath } from "next/cache";
import { requireStaff } from "@/lib/auth/require-staff";
import { formatUtc } from "@/lib/dates/format-utc";
import { formFailure } from "@/lib/forms/form-failure";
import { formOutcome, type FormState } from "@/lib/forms/form-state";

export async function addTimestampAction(agreementId: string): Promise<FormState> {
  const context = await requireStaff("documents.timestamp");
  try {
    // Loaded when a staff member adds a timestamp, not with the agreement's page: it brings pdf-lib,
    // @cantoo/pdf-lib and the validation data's modules, which the web server would keep for good.
    const { timestampSignedDocument } = await import("@/lib/agreements/timestamp-signed-document");
    const result = await timestampSignedDocument(context, { agreementId, reason: "staff" });
    revalidatePath(`/staff/agreements/${agreementId}`);
    return formOutcome({
      done: `Timestamp added: ${formatUtc(result.timestampAt)} by ${result.timestampAuthority}. Downloads now serve this version.`,
    });
  } catch (error) {
    return formFailure(error, {});
  }
}
