import { db } from "@/lib/db/client";
import { sha256Hex } from "@/lib/crypto/hashing";
import type { TemplateDefinition } from "@/lib/templates/template-definition";

/**
 * Stores a template version straight in the database (no validation), creating the template on
 * first use, and optionally makes a volume issue on it. For tests of what issuing, signing and
 * sealing do with a template; the staff pages' own save is tested where it lives.
 */
export async function storeTestTemplateVersion(
  definition: Partial<TemplateDefinition> & Pick<TemplateDefinition, "key" | "body">,
  options: { version?: number; volume?: string } = {},
) {
  const name = definition.name ?? `Template ${definition.key}`;
  await db.template.upsert({ where: { key: definition.key }, create: { key: definition.key, name }, update: {} });
  const newest = await db.templateVersion.findFirst({ where: { key: definition.key }, orderBy: { version: "desc" } });
  const version = await db.templateVersion.create({
    data: {
      key: definition.key,
      version: options.version ?? (newest?.version ?? 0) + 1,
      body: definition.body,
      sha256: sha256Hex(definition.body),
      signers: definition.signers ?? "corresponding_author",
      choices: definition.choices ?? [],
      notice: definition.notice ?? "",
      language: definition.language ?? "en",
    },
  });
  if (options.volume)
    await db.proceedings.upsert({
      where: { name: options.volume },
      create: { name: options.volume, templateKey: definition.key },
      update: { templateKey: definition.key },
    });
  return version;
}
