import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ProceedingsForm } from "@/components/proceedings-form";
import { requireStaffPage } from "@/lib/auth/require-staff";
import { listTemplateOptions } from "@/lib/templates/list-templates";
import { findVolume } from "@/lib/proceedings/volume-board";
import { saveProceedingsAction } from "../../actions";

export const metadata: Metadata = { title: "Volume settings" };

export default async function ProceedingsSettingsPage({ params }: { params: Promise<{ id: string }> }) {
  await requireStaffPage("proceedings.manage");
  const { id } = await params;
  const volume = await findVolume(id);
  if (!volume) notFound();
  const initial = {
    name: volume.name,
    shortName: volume.shortName ?? "",
    publisherName: volume.publisherName ?? "",
    deadline: volume.deadline?.toISOString().slice(0, 10) ?? "",
    linkExpiryDays: String(volume.linkExpiryDays),
    reminderDays: volume.reminderDays.join(", "),
    templateKey: volume.templateKey ?? "",
  };
  return (
    <>
      <h1>Settings of {volume.name}</h1>
      <ProceedingsForm
        action={saveProceedingsAction.bind(null, volume.id)}
        initial={initial}
        submitLabel="Save settings"
        templates={await listTemplateOptions()}
      />
    </>
  );
}
