import "server-only";
import { readFileSync } from "node:fs";
import path from "node:path";
import { sha256Hex } from "@/lib/crypto/hashing";

export type AgreementTemplate = { key: string; version: number; body: string; sha256: string };

export type AgreementTemplateValues = { articleTitle: string; correspondingAuthor: string; publisher: string };

// PMLR's publication agreement, word for word, with the article, the author and the publisher
// left open. Bump the version whenever the body changes: issued agreements keep the one they had.
const DEFAULT_TEMPLATE = {
  key: "pmlr-publication-agreement",
  version: 1,
  file: "pmlr-publication-agreement.template.txt",
};

let cached: AgreementTemplate | undefined;

export function defaultTemplate(): AgreementTemplate {
  if (cached) return cached;
  const body = readFileSync(
    path.join(process.cwd(), "lib/agreements/templates", DEFAULT_TEMPLATE.file),
    "utf8",
  ).replace(/\n$/, "");
  cached = { key: DEFAULT_TEMPLATE.key, version: DEFAULT_TEMPLATE.version, body, sha256: sha256Hex(body) };
  return cached;
}

/** Fills the placeholders in one pass, so a value that itself looks like a placeholder stays text. */
export function renderAgreementText(body: string, values: AgreementTemplateValues): string {
  return body.replace(
    /\{\{(articleTitle|correspondingAuthor|publisher)\}\}/g,
    (_match, name: keyof AgreementTemplateValues) => values[name],
  );
}
