import "server-only";
import type { AuditContext } from "@/lib/audit/audit-context";
import { recordEvent } from "@/lib/audit/record-event";
import { sha256Hex } from "@/lib/crypto/hashing";
import type { Tx } from "@/lib/db/client";
import type { TemplateDefinition } from "./template-definition";

export type StoredVersion = { key: string; version: number; changed: boolean };

/**
 * Stores `definition` as the template's next version, in the caller's transaction, unless its
 * newest version already holds the same content (then nothing is stored: re-saving or
 * re-importing an unchanged template adds no version). A new name renames the template itself;
 * names are not part of a version. The template's row is locked, so two saves at once number
 * their versions one after the other.
 */
export async function storeTemplateVersion(
  tx: Tx,
  context: AuditContext,
  definition: TemplateDefinition,
  source: "form" | "import",
): Promise<StoredVersion> {
  await tx.template.createMany({ data: [{ key: definition.key, name: definition.name }], skipDuplicates: true });
  await tx.$queryRaw`SELECT 1 FROM "Template" WHERE key = ${definition.key} FOR UPDATE`;
  const template = await tx.template.findUniqueOrThrow({ where: { key: definition.key } });
  if (template.name !== definition.name)
    await tx.template.update({ where: { key: definition.key }, data: { name: definition.name } });
  const newest = await tx.templateVersion.findFirst({ where: { key: definition.key }, orderBy: { version: "desc" } });
  if (newest && sameContent(newest, definition))
    return { key: definition.key, version: newest.version, changed: false };

  const stored = await tx.templateVersion.create({
    data: {
      key: definition.key,
      version: (newest?.version ?? 0) + 1,
      body: definition.body,
      sha256: sha256Hex(definition.body),
      signers: definition.signers,
      choices: definition.choices,
      notice: definition.notice,
      language: definition.language,
      createdById: context.staffId,
    },
  });
  await recordEvent(tx, context, {
    type: "template.saved",
    data: {
      key: stored.key,
      name: definition.name,
      version: stored.version,
      bodySha256: stored.sha256,
      signers: stored.signers,
      choices: definition.choices.map((choice) => choice.key),
      source,
    },
  });
  return { key: stored.key, version: stored.version, changed: true };
}

type VersionContent = Pick<TemplateDefinition, "body" | "notice" | "signers" | "language"> & { choices: unknown };

function sameContent(stored: VersionContent, definition: TemplateDefinition): boolean {
  return (
    stored.body === definition.body &&
    stored.notice === definition.notice &&
    stored.signers === definition.signers &&
    stored.language === definition.language &&
    canonicalJson(stored.choices) === canonicalJson(definition.choices)
  );
}

// PostgreSQL's jsonb reorders object keys: compare choices with keys sorted.
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}
