import "server-only";
import type { AuditContext } from "@/lib/audit/audit-context";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { recordEvent } from "@/lib/audit/record-event";
import type { ProceedingsInput } from "./proceedings-input";

function isUniqueViolation(error: unknown, field: string) {
  const e = error as { code?: string; meta?: { target?: unknown } };
  return e.code === "P2002" && JSON.stringify(e.meta?.target ?? "").includes(field);
}

/** Creates a volume, or updates it when `id` is given. Names and short names are unique. */
export async function saveProceedings(context: AuditContext, input: ProceedingsInput & { id?: string }) {
  const { id, ...fields } = input;
  try {
    return await db.$transaction(async (tx) => {
      const volume = id ? await tx.proceedings.update({ where: { id }, data: fields }) : await tx.proceedings.create({ data: fields });
      await recordEvent(tx, context, {
        type: id ? "proceedings.updated" : "proceedings.created",
        data: { proceedingsId: volume.id, ...fields, deadline: fields.deadline?.toISOString() ?? null },
      });
      return volume;
    });
  } catch (error) {
    if (isUniqueViolation(error, "shortName")) throw new AppError("INVALID_INPUT", { userMessage: "shortName: Another volume already uses this short name." });
    if (isUniqueViolation(error, "name")) throw new AppError("INVALID_INPUT", { userMessage: "name: Another volume already has this name." });
    throw error;
  }
}
