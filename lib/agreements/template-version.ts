import "server-only";
import type { Tx } from "@/lib/db/client";
import type { AgreementTemplate } from "./agreement-template";

/**
 * The stored row of a template version, created on first use. INSERT … ON CONFLICT DO NOTHING:
 * concurrent first uses share one row instead of failing on the unique key.
 */
export async function templateVersionRow(tx: Tx, template: AgreementTemplate) {
  await tx.templateVersion.createMany({
    data: [{ key: template.key, version: template.version, body: template.body, sha256: template.sha256 }],
    skipDuplicates: true,
  });
  return tx.templateVersion.findUniqueOrThrow({
    where: { key_version: { key: template.key, version: template.version } },
  });
}
