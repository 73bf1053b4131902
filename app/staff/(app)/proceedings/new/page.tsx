import type { Metadata } from "next";
import { ProceedingsForm } from "@/components/proceedings-form";
import { requireStaffPage } from "@/lib/auth/require-staff";
import { listTemplateOptions } from "@/lib/templates/list-templates";
import { saveProceedingsAction } from "../actions";

export const metadata: Metadata = { title: "New volume" };

export default async function NewProceedingsPage() {
  await requireStaffPage("proceedings.manage");
  return (
    <>
      <h1>New proceedings volume</h1>
      <ProceedingsForm
        action={saveProceedingsAction.bind(null, null)}
        initial={{ linkExpiryDays: "30", reminderDays: "7, 2, 0", templateKey: "" }}
        submitLabel="Create volume"
        templates={await listTemplateOptions()}
      />
    </>
  );
}
