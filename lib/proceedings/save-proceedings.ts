import "server-only";
import type { AuditContext } from "@/lib/audit/audit-context";
import { db } from "@/lib/db/client";
import { uniqueViolationFields } from "@/lib/db/unique-violation";
import { AppError } from "@/lib/errors/app-error";
import { recordEvent } from "@/lib/audit/record-event";
import { defaultTemplate } from "@/lib/agreements/agreement-template";
import type { ProceedingsInput } from "./proceedings-input";

/** Creates a volume, or updates it when `id` is given. Names and short names are unique. */
export async function saveProceedings(
  context: AuditContext,
  input: Omit<ProceedingsInput, "templateKey"> & { templateKey?: string | null; id?: string },
) {
  const { id, ...fields } = input;
  // Naming the built-in default is the same as naming none: it may have no row of its own yet.
  if (fields.templateKey === defaultTemplate().key) fields.templateKey = null;
  try {
    return await db.$transaction(async (tx) => {
      if (fields.templateKey && !(await tx.template.findUnique({ where: { key: fields.templateKey } })))
        throw new AppError("NOT_FOUND", { field: "templateKey", userMessage: "There is no such template." });
      const volume = id
        ? await tx.proceedings.update({ where: { id }, data: fields })
        : await tx.proceedings.create({ data: fields });
      await recordEvent(tx, context, {
        type: id ? "proceedings.updated" : "proceedings.created",
        data: { proceedingsId: volume.id, ...fields, deadline: fields.deadline?.toISOString() ?? null },
      });
      return volume;
    });
  } catch (error) {
    const taken = uniqueViolationFields(error);
    if (taken?.includes("shortName")) {
      const userMessage = "Another volume already uses this short name.";
      throw new AppError("ALREADY_EXISTS", { field: "shortName", userMessage, cause: error });
    }
    if (taken?.includes("name")) {
      const userMessage = "Another volume already has this name.";
      throw new AppError("ALREADY_EXISTS", { field: "name", userMessage, cause: error });
    }
    throw error;
  }
}
