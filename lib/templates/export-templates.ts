import "server-only";
import { db } from "@/lib/db/client";
import { defaultTemplate } from "@/lib/agreements/agreement-template";
import { templateChoicesSchema } from "./template-definition";
import { formatTemplatesFile } from "./templates-file";

/**
 * Every template's newest version as one file (templates-file.ts). PMLR's built-in default ships
 * with the app and cannot be changed, so it is left out.
 */
export async function exportTemplates(): Promise<string> {
  const templates = await db.template.findMany({
    where: { archivedAt: null, key: { not: defaultTemplate().key } },
    orderBy: { key: "asc" },
    include: { versions: { orderBy: { version: "desc" }, take: 1 } },
  });
  return formatTemplatesFile(
    templates
      .filter((template) => template.versions.length > 0)
      .map(({ key, name, versions: [newest] }) => ({
        key,
        name,
        language: newest.language,
        signers: newest.signers,
        body: newest.body,
        notice: newest.notice,
        choices: templateChoicesSchema.parse(newest.choices),
      })),
  );
}
