"use server";

import { redirect } from "next/navigation";
import { requireStaff } from "@/lib/auth/require-staff";
import { startIssuingImport } from "@/lib/proceedings/bulk-import";

// The CSV itself is uploaded to ./upload/route.ts, which checks the role before reading the body.
export async function issueImportAction(proceedingsId: string, importId: string) {
  const context = await requireStaff("imports.run");
  await startIssuingImport(context, { importId });
  redirect(`/staff/proceedings/${proceedingsId}/imports/${importId}`);
}
