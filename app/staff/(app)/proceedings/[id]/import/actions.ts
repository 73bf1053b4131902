"use server";

import { redirect } from "next/navigation";
import { requireStaff } from "@/lib/auth/require-staff";
import { requester } from "@/lib/http/requester";
import { startIssuingImport } from "@/lib/proceedings/bulk-import";

// The CSV itself is uploaded to ./upload/route.ts, which checks the role before reading the body.
export async function issueImportAction(proceedingsId: string, importId: string) {
  const staff = await requireStaff("imports.run");
  await startIssuingImport({ importId, actor: `staff:${staff.email}`, staffId: staff.id, ...(await requester()) });
  redirect(`/staff/proceedings/${proceedingsId}/imports/${importId}`);
}
