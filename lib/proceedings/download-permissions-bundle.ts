import "server-only";
import type { AuditContext } from "@/lib/audit/audit-context";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { recordEvent } from "@/lib/audit/record-event";
import { buildPermissionsBundle } from "./permissions-bundle";

/** The volume's bundle for the series editor; who downloaded it is on record. */
export async function downloadPermissionsBundle(context: AuditContext, { proceedingsId }: { proceedingsId: string }) {
  const volume = await db.proceedings.findUnique({ where: { id: proceedingsId }, select: { id: true } });
  if (!volume) throw new AppError("NOT_FOUND");
  const bundle = await buildPermissionsBundle(proceedingsId);
  const data = { proceedingsId, documents: bundle.documents, missing: bundle.missing.length };
  await db.$transaction((tx) => recordEvent(tx, context, { type: "bundle.downloaded", data }));
  return bundle;
}
