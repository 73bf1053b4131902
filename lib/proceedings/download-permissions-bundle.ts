import "server-only";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { recordEvent } from "@/lib/audit/record-event";
import { buildPermissionsBundle } from "./permissions-bundle";

/** The volume's bundle for the series editor; who downloaded it is on record. */
export async function downloadPermissionsBundle({ proceedingsId, actor, ip, userAgent }: { proceedingsId: string; actor: string; ip: string | null; userAgent: string | null }) {
  const volume = await db.proceedings.findUnique({ where: { id: proceedingsId }, select: { id: true } });
  if (!volume) throw new AppError("NOT_FOUND");
  const bundle = await buildPermissionsBundle(proceedingsId);
  await db.$transaction((tx) => recordEvent(tx, { type: "bundle.downloaded", actor, ip, userAgent, data: { proceedingsId, documents: bundle.documents, missing: bundle.missing.length } }));
  return bundle;
}
