"use server";

import { redirect } from "next/navigation";
import { issueAgreement } from "@/lib/agreements/issue-agreement";
import { issueAgreementInput } from "@/lib/agreements/issue-agreement-input";
import { requireStaff } from "@/lib/auth/require-staff";
import { formFailure } from "@/lib/forms/form-failure";
import { fieldErrorsOf, formValues, type FormState } from "@/lib/forms/form-state";

const FIELDS = [
  "proceedings",
  "articleTitle",
  "correspondingAuthorName",
  "correspondingAuthorEmail",
  "authors",
  "language",
] as const;
export type IssueField = (typeof FIELDS)[number];

export async function issueAgreementAction(
  _previous: FormState<IssueField>,
  formData: FormData,
): Promise<FormState<IssueField>> {
  const context = await requireStaff("agreements.issue");
  const values = formValues(formData, FIELDS);
  const parsed = issueAgreementInput.safeParse(values);
  if (!parsed.success) return { values, fieldErrors: fieldErrorsOf<IssueField>(parsed.error) };
  const idempotencyKey = String(formData.get("idempotencyKey") ?? "").slice(0, 100) || undefined;
  let agreementId: string;
  try {
    const agreement = await issueAgreement(context, { ...parsed.data, idempotencyKey });
    agreementId = agreement.id;
  } catch (error) {
    return formFailure(error, values, FIELDS);
  }
  redirect(`/staff/agreements/${agreementId}?issued=1`);
}
