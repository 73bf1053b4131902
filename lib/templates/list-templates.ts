import "server-only";
import { db } from "@/lib/db/client";
import { defaultTemplate } from "@/lib/agreements/agreement-template";

export type TemplateSummary = {
  key: string;
  name: string;
  newestVersion: number;
  updatedAt: Date | null;
  volumes: number;
  builtIn: boolean;
};

/**
 * Every template, PMLR's built-in default first (listed even before any agreement has stored its
 * row), with its newest version and how many volumes pick it.
 */
export async function listTemplates(): Promise<TemplateSummary[]> {
  const builtIn = defaultTemplate();
  const rows = await db.template.findMany({
    where: { archivedAt: null },
    orderBy: { name: "asc" },
    include: {
      versions: { orderBy: { version: "desc" }, take: 1, select: { version: true, createdAt: true } },
      _count: { select: { proceedings: true } },
    },
  });
  const defaultVolumes = await db.proceedings.count({ where: { templateKey: null } });
  const summaries = rows
    .filter((row) => row.key !== builtIn.key)
    .map((row) => ({
      key: row.key,
      name: row.name,
      newestVersion: row.versions[0]?.version ?? 0,
      updatedAt: row.versions[0]?.createdAt ?? null,
      volumes: row._count.proceedings,
      builtIn: false,
    }));
  const first = { key: builtIn.key, name: builtIn.name, newestVersion: builtIn.version, updatedAt: null };
  return [{ ...first, volumes: defaultVolumes, builtIn: true }, ...summaries];
}

/** The choices a volume's form offers: the default (no key) and every other template. */
export async function listTemplateOptions(): Promise<{ key: string; label: string }[]> {
  const templates = await listTemplates();
  return templates.map((template) => ({
    key: template.builtIn ? "" : template.key,
    label: template.builtIn
      ? `${template.name}, version ${template.newestVersion} (the default)`
      : `${template.name} (newest: version ${template.newestVersion})`,
  }));
}
