import type { Metadata } from "next";
import { randomUUID } from "node:crypto";
import { IssueAgreementForm } from "@/components/issue-agreement-form";
import { requireStaffPage } from "@/lib/auth/require-staff";
import { listProceedingsNames } from "@/lib/agreements/list-proceedings";
import { volumeTemplateLabels } from "@/lib/templates/volume-template";
import { issueAgreementAction } from "./actions";

export const metadata: Metadata = { title: "Issue agreement" };

export default async function NewAgreementPage() {
  await requireStaffPage("agreements.issue");
  const proceedingsNames = await listProceedingsNames();
  return (
    <>
      <h1>Issue a publication agreement</h1>
      <p>The corresponding author receives an email with a personal link to read and sign the agreement.</p>
      <IssueAgreementForm
        action={issueAgreementAction}
        proceedingsNames={proceedingsNames}
        templateLabels={await volumeTemplateLabels()}
        idempotencyKey={randomUUID()}
      />
    </>
  );
}
