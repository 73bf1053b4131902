import "server-only";
import type { AuditContext } from "@/lib/audit/audit-context";
import { recordEvent } from "@/lib/audit/record-event";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";

/**
 * Deletes a volume that never had an agreement (one created by mistake, or a test). A volume with
 * agreements stays: they, and the audit events that name them, are the record. Its import previews
 * go with it; an import that is issuing right now keeps it.
 */
export async function deleteProceedings(context: AuditContext, { proceedingsId }: { proceedingsId: string }) {
  return db.$transaction(async (tx) => {
    // The row lock makes an agreement issued into the volume meanwhile wait, then fail on its foreign key.
    const [volume] = await tx.$queryRaw<{ id: string; name: string }[]>`
      SELECT id, name FROM "Proceedings" WHERE id = ${proceedingsId} FOR UPDATE`;
    if (!volume) throw new AppError("NOT_FOUND", { userMessage: "There is no volume with this id." });
    const agreements = await tx.agreement.count({ where: { proceedingsId } });
    if (agreements > 0) {
      const count = agreements === 1 ? "an agreement" : `${agreements} agreements`;
      const userMessage = `${volume.name} has ${count}: a volume with agreements cannot be deleted.`;
      throw new AppError("VOLUME_NOT_EMPTY", { userMessage });
    }
    if (await tx.bulkImport.count({ where: { proceedingsId, status: "issuing" } })) {
      throw new AppError("VOLUME_NOT_EMPTY", {
        userMessage: `${volume.name} has an import issuing agreements right now.`,
      });
    }
    const previews = await tx.bulkImport.deleteMany({ where: { proceedingsId } });
    await tx.proceedings.delete({ where: { id: proceedingsId } });
    const data = { proceedingsId, name: volume.name, importsDeleted: previews.count };
    await recordEvent(tx, context, { type: "proceedings.deleted", data });
    return { proceedingsId, name: volume.name };
  });
}
