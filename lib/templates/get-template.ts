import "server-only";
import { db } from "@/lib/db/client";
import { defaultTemplate } from "@/lib/agreements/agreement-template";
import { templateChoicesSchema, type SignerRule, type TemplateChoice } from "./template-definition";

export type TemplateVersionView = {
  version: number;
  body: string;
  sha256: string;
  signers: SignerRule;
  notice: string;
  language: string;
  choices: TemplateChoice[];
  createdAt: Date | null;
  createdBy: string | null;
};

export type TemplateView = { key: string; name: string; builtIn: boolean; versions: TemplateVersionView[] };

/** A template with all its versions, newest first; null when there is no such template. */
export async function getTemplate(key: string): Promise<TemplateView | null> {
  const builtIn = defaultTemplate();
  const row = await db.template.findUnique({
    where: { key },
    include: { versions: { orderBy: { version: "desc" } } },
  });
  if (!row && key !== builtIn.key) return null;
  const staffIds = [...new Set(row?.versions.map((version) => version.createdById).filter((id) => id !== null))];
  const staff = await db.user.findMany({
    where: { id: { in: staffIds as string[] } },
    select: { id: true, email: true },
  });
  const emailOf = new Map(staff.map((member) => [member.id, member.email]));
  const versions: TemplateVersionView[] = (row?.versions ?? []).map((version) => ({
    version: version.version,
    body: version.body,
    sha256: version.sha256,
    signers: version.signers,
    notice: version.notice,
    language: version.language,
    // Stored through the same schema; parsing again gives the defaults a hand-written row left out.
    choices: templateChoicesSchema.parse(version.choices),
    createdAt: version.createdAt,
    createdBy: version.createdById ? (emailOf.get(version.createdById) ?? null) : null,
  }));
  if (key === builtIn.key && versions.length === 0) versions.push({ ...builtIn, createdAt: null, createdBy: null });
  return { key, name: row?.name ?? builtIn.name, builtIn: key === builtIn.key, versions };
}
