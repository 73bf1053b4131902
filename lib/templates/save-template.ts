import "server-only";
import type { AuditContext } from "@/lib/audit/audit-context";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { defaultTemplate } from "@/lib/agreements/agreement-template";
import { storeTemplateVersion, type StoredVersion } from "./store-template-version";
import type { TemplateDefinition } from "./template-definition";
import { describeProblem } from "./template-problem";
import { validateTemplate } from "./validate-template";

/**
 * Saves a template from the staff form: a new template (`mode: "create"`, its key not yet taken)
 * or the next version of an existing one. Refuses anything validateTemplate finds wrong; the form
 * runs the same check first to show every problem with its line. PMLR's built-in default is
 * read-only: it stays word for word, and staff copy it to make their own.
 */
export async function saveTemplate(
  context: AuditContext,
  input: TemplateDefinition & { mode: "create" | "edit" },
): Promise<StoredVersion> {
  const { mode, ...definition } = input;
  const problems = validateTemplate(definition);
  if (problems.length > 0)
    throw new AppError("INVALID_INPUT", { userMessage: problems.map(describeProblem).join(" ") });
  if (definition.key === defaultTemplate().key)
    throw new AppError("FORBIDDEN", {
      field: "key",
      userMessage: "PMLR's default agreement cannot be changed; make a copy under another key and edit that.",
    });
  return db.$transaction(async (tx) => {
    const existing = await tx.template.findUnique({ where: { key: definition.key } });
    if (mode === "create" && existing)
      throw new AppError("ALREADY_EXISTS", { field: "key", userMessage: "Another template already has this key." });
    if (mode === "edit" && !existing) throw new AppError("NOT_FOUND", { userMessage: "There is no such template." });
    return storeTemplateVersion(tx, context, definition, "form");
  });
}
