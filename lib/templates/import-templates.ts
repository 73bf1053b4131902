import "server-only";
import type { AuditContext } from "@/lib/audit/audit-context";
import { recordEvent } from "@/lib/audit/record-event";
import { db } from "@/lib/db/client";
import { defaultTemplate } from "@/lib/agreements/agreement-template";
import { storeTemplateVersion } from "./store-template-version";
import { parseTemplatesFile, type FileProblem } from "./templates-file";

export type ImportOutcome =
  { ok: false; problems: FileProblem[] } | { ok: true; added: { key: string; version: number }[]; unchanged: string[] };

/**
 * Imports a templates file: every template is checked first and nothing is stored if any is
 * invalid; then, in one transaction, a template whose content changed gets a new version and an
 * identical one gets none (so importing the file just exported adds nothing).
 */
export async function importTemplates(context: AuditContext, text: string): Promise<ImportOutcome> {
  const { definitions, problems } = parseTemplatesFile(text);
  const builtIn = defaultTemplate();
  for (const definition of definitions)
    if (definition.key === builtIn.key)
      problems.push({
        template: `“${definition.key}”`,
        message: "is PMLR's built-in default, which cannot be changed: give your copy another key.",
      });
  if (problems.length > 0) return { ok: false, problems };
  if (definitions.length === 0)
    return { ok: false, problems: [{ template: "the file", message: "holds no templates." }] };
  return db.$transaction(async (tx) => {
    const added: { key: string; version: number }[] = [];
    const unchanged: string[] = [];
    for (const definition of definitions) {
      const stored = await storeTemplateVersion(tx, context, definition, "import");
      if (stored.changed) added.push({ key: stored.key, version: stored.version });
      else unchanged.push(stored.key);
    }
    await recordEvent(tx, context, { type: "templates.imported", data: { added, unchanged } });
    return { ok: true as const, added, unchanged };
  });
}
