import "server-only";
import { readFileSync } from "node:fs";
import path from "node:path";
import { sha256Hex } from "@/lib/crypto/hashing";
import {
  LEGACY_PLACEHOLDERS,
  PLACEHOLDER_NAMES,
  type AgreementPlaceholderValues,
  type TemplateDefinition,
} from "@/lib/templates/template-definition";
import { englishList } from "@/lib/text/english-list";

export type AgreementTemplate = TemplateDefinition & { version: number; sha256: string };

// PMLR's publication agreement, word for word, with the article, the author and the publisher
// left open. It is the template of every volume that picks none. Bump the version whenever the
// body changes: issued agreements keep the one they had.
const DEFAULT_TEMPLATE = {
  key: "pmlr-publication-agreement",
  name: "PMLR publication agreement",
  version: 1,
  file: "pmlr-publication-agreement.template.txt",
  notice: "© {{year}} {{authors}}. Published under a Creative Commons Attribution 4.0 International licence.",
};

let cached: AgreementTemplate | undefined;

export function defaultTemplate(): AgreementTemplate {
  if (cached) return cached;
  const body = readFileSync(
    path.join(process.cwd(), "lib/agreements/templates", DEFAULT_TEMPLATE.file),
    "utf8",
  ).replace(/\n$/, "");
  cached = {
    key: DEFAULT_TEMPLATE.key,
    name: DEFAULT_TEMPLATE.name,
    version: DEFAULT_TEMPLATE.version,
    language: "en",
    signers: "corresponding_author",
    body,
    notice: DEFAULT_TEMPLATE.notice,
    choices: [],
    sha256: sha256Hex(body),
  };
  return cached;
}

/** The placeholder values of one paper, as every way of issuing fills them. */
export function placeholderValues(paper: {
  articleTitle: string;
  authors: string[];
  correspondingAuthorName: string;
  publisher: string;
  proceedingsName: string;
  paperId?: string | null;
  issuedAt: Date;
}): AgreementPlaceholderValues {
  return {
    article_title: paper.articleTitle,
    authors: englishList(paper.authors),
    corresponding_author: paper.correspondingAuthorName,
    publisher: paper.publisher,
    proceedings: paper.proceedingsName,
    year: String(paper.issuedAt.getUTCFullYear()),
    paper_id: paper.paperId ?? "",
  };
}

const PLACEHOLDER = new RegExp(
  `\\{\\{(${[...PLACEHOLDER_NAMES, ...Object.keys(LEGACY_PLACEHOLDERS)].join("|")})\\}\\}`,
  "g",
);

/**
 * Fills the placeholders in one pass, so a value that itself looks like a placeholder stays text.
 * {{choice:<key>}} is left for the author's answer.
 */
export function renderAgreementText(body: string, values: AgreementPlaceholderValues): string {
  return body.replace(PLACEHOLDER, (_match, name: string) => {
    const key = (LEGACY_PLACEHOLDERS[name] ?? name) as keyof AgreementPlaceholderValues;
    return values[key];
  });
}
