"use server";

import { redirect } from "next/navigation";
import { requireStaff } from "@/lib/auth/require-staff";
import { requester } from "@/lib/http/requester";
import { previewImport, startIssuingImport } from "@/lib/proceedings/bulk-import";
import { MAX_IMPORT_BYTES } from "@/lib/proceedings/import-limits";
import type { ImportPreviewState } from "@/components/import-preview";

export async function previewImportAction(proceedingsId: string, _previous: ImportPreviewState, formData: FormData): Promise<ImportPreviewState> {
  const staff = await requireStaff("imports.run");
  const file = formData.get("file");
  if (!(file instanceof File) || file.size === 0) return { error: "Choose a CSV file to upload." };
  if (file.size > MAX_IMPORT_BYTES) return { error: `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB: split it into several files.` };
  const { importId, preview } = await previewImport({
    proceedingsId,
    fileName: file.name,
    bytes: new Uint8Array(await file.arrayBuffer()),
    actor: `staff:${staff.email}`,
    staffId: staff.id,
    ...(await requester()),
  });
  return { importId, fileName: file.name, valid: preview.rows.length, problems: preview.problems, sample: preview.rows.slice(0, 5) };
}

export async function issueImportAction(proceedingsId: string, importId: string) {
  const staff = await requireStaff("imports.run");
  await startIssuingImport({ importId, actor: `staff:${staff.email}`, staffId: staff.id, ...(await requester()) });
  redirect(`/staff/proceedings/${proceedingsId}/imports/${importId}`);
}
