import "server-only";
import type { Tx } from "@/lib/db/client";
import { defaultTemplate, type AgreementTemplate } from "./agreement-template";

/**
 * The stored row of a template version, created on first use. INSERT … ON CONFLICT DO NOTHING:
 * concurrent first uses share one row instead of failing on the unique key.
 */
export async function templateVersionRow(tx: Tx, template: AgreementTemplate) {
  await tx.template.createMany({ data: [{ key: template.key, name: template.name }], skipDuplicates: true });
  await tx.templateVersion.createMany({
    data: [
      {
        key: template.key,
        version: template.version,
        body: template.body,
        sha256: template.sha256,
        signers: template.signers,
        choices: template.choices,
        notice: template.notice,
        language: template.language,
      },
    ],
    skipDuplicates: true,
  });
  return tx.templateVersion.findUniqueOrThrow({
    where: { key_version: { key: template.key, version: template.version } },
  });
}

/**
 * The template version a volume issues on now: the newest version of the volume's template, or
 * PMLR's default when the volume picks none.
 */
export async function templateVersionForVolume(tx: Tx, volume: { templateKey?: string | null }) {
  if (!volume.templateKey) return templateVersionRow(tx, defaultTemplate());
  return tx.templateVersion.findFirstOrThrow({
    where: { key: volume.templateKey },
    orderBy: { version: "desc" },
  });
}
