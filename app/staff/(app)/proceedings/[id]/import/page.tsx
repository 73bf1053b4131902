import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ImportPreview } from "@/components/import-preview";
import { requireStaffPage } from "@/lib/auth/require-staff";
import { MAX_IMPORT_BYTES } from "@/lib/proceedings/import-limits";
import { findVolume } from "@/lib/proceedings/volume-board";
import { volumeTemplateLabel } from "@/lib/templates/volume-template";
import { issueImportAction } from "./actions";

export const metadata: Metadata = { title: "Import papers" };

export default async function ImportPage({ params }: { params: Promise<{ id: string }> }) {
  await requireStaffPage("imports.run");
  const { id } = await params;
  const volume = await findVolume(id);
  if (!volume) notFound();
  const template = await volumeTemplateLabel(volume);
  return (
    <>
      <h1>Import papers into {volume.name}</h1>
      <p>
        Upload the accepted papers as CSV. You will see every problem before anything is issued; papers already issued
        in this volume are never issued twice. <Link href={`/staff/proceedings/${id}`}>Back to the volume</Link>
      </p>
      <p data-testid="import-template">
        Agreements will be issued on the template <strong>{template.label}</strong> (
        <Link href={`/staff/proceedings/${id}/settings`}>change it in the volume&apos;s settings</Link>).
      </p>
      <ImportPreview
        uploadUrl={`/staff/proceedings/${id}/import/upload`}
        issue={issueImportAction.bind(null, id)}
        maxBytes={MAX_IMPORT_BYTES}
      />
    </>
  );
}
