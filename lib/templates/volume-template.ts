import "server-only";
import { db } from "@/lib/db/client";
import { defaultTemplate } from "@/lib/agreements/agreement-template";

export type VolumeTemplateLabel = { key: string; name: string; version: number; label: string };

/**
 * Which template, and which version of it, a volume issues on now (as templateVersionForVolume
 * picks it), for the issue form and the CSV import to show before anything is issued.
 */
export async function volumeTemplateLabel(volume: { templateKey: string | null }): Promise<VolumeTemplateLabel> {
  if (volume.templateKey) {
    const newest = await db.templateVersion.findFirst({
      where: { key: volume.templateKey },
      orderBy: { version: "desc" },
      include: { template: { select: { name: true } } },
    });
    if (newest) return labelled(newest.key, newest.template.name, newest.version, false);
  }
  const builtIn = defaultTemplate();
  return labelled(builtIn.key, builtIn.name, builtIn.version, true);
}

/** The same for every volume by name, and the default's label for a volume not yet created. */
export async function volumeTemplateLabels(): Promise<{ byVolume: Record<string, string>; fallback: string }> {
  const volumes = await db.proceedings.findMany({ select: { name: true, templateKey: true }, take: 500 });
  const byVolume: Record<string, string> = {};
  for (const volume of volumes) byVolume[volume.name] = (await volumeTemplateLabel(volume)).label;
  return { byVolume, fallback: (await volumeTemplateLabel({ templateKey: null })).label };
}

function labelled(key: string, name: string, version: number, isDefault: boolean): VolumeTemplateLabel {
  return { key, name, version, label: `${name}, version ${version}${isDefault ? " (the default)" : ""}` };
}
