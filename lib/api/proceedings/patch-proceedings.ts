import "server-only";
import type { AuditContext } from "@/lib/audit/audit-context";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { saveProceedings } from "@/lib/proceedings/save-proceedings";

type Settings = Omit<Parameters<typeof saveProceedings>[1], "id">;

/**
 * PATCH /api/v1/proceedings/{id}: the fields sent replace the volume's own, the others stay, and the
 * whole volume goes through the staff form's save (its checks and its audit event).
 */
export async function patchProceedings(context: AuditContext, id: string, changes: Partial<Settings>) {
  const current = await db.proceedings.findUnique({ where: { id } });
  if (!current) throw new AppError("NOT_FOUND", { userMessage: `There is no volume with the id "${id}".` });
  const { name, shortName, publisherName, deadline, linkExpiryDays, reminderDays, templateKey } = current;
  const unchanged = { name, shortName, publisherName, deadline, linkExpiryDays, reminderDays, templateKey };
  await saveProceedings(context, { ...unchanged, ...changes, id });
}
