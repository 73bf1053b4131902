import { z } from "zod";

// What a template version declares besides its body, and what the author answers. Pure: safe in
// components, the import/export file and tests alike.

export const SIGNER_RULES = ["corresponding_author", "every_author"] as const;
export type SignerRule = (typeof SIGNER_RULES)[number];

const choiceKey = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, "a choice key is lower-case letters, digits and _ (e.g. licence)");

export const choiceOptionSchema = z.object({
  /** Stable id of the option, kept in the answer and the exports (e.g. "cc-by-4.0"). */
  value: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,39}$/, "an option value is lower-case letters, digits, . _ -"),
  /** What the author sees, e.g. "Creative Commons Attribution 4.0 (CC BY 4.0)". */
  label: z.string().trim().min(1).max(200),
  /** Agreement text (markup, may hold placeholders) put where the body says {{choice:<key>}}. */
  clause: z.string().trim().max(5000).default(""),
  /** The line this option puts in the camera-ready notice where the notice says {{choice:<key>}}. */
  notice: z.string().trim().max(500).default(""),
  /** When set, choosing this option also asks for a short text (e.g. which third-party material). */
  detail: z
    .object({ label: z.string().trim().min(1).max(200), maxLength: z.number().int().min(1).max(2000).default(500) })
    .optional(),
});

export const templateChoiceSchema = z.object({
  key: choiceKey,
  question: z.string().trim().min(1).max(300),
  options: z.array(choiceOptionSchema).min(2).max(12),
});

export const templateChoicesSchema = z.array(templateChoiceSchema).max(10);

export type ChoiceOption = z.infer<typeof choiceOptionSchema>;
export type TemplateChoice = z.infer<typeof templateChoiceSchema>;

/** One answer, copied with its question and label so that exports and the PDF read on their own. */
export const choiceAnswerSchema = z.object({
  key: choiceKey,
  question: z.string(),
  value: z.string(),
  label: z.string(),
  detail: z.string().optional(),
});
export const choiceAnswersSchema = z.array(choiceAnswerSchema);
export type ChoiceAnswer = z.infer<typeof choiceAnswerSchema>;

/** Everything one version of a template holds (the unit of export/import). */
export type TemplateDefinition = {
  key: string;
  name: string;
  language: string;
  signers: SignerRule;
  body: string;
  notice: string;
  choices: TemplateChoice[];
};

/**
 * The values a body's placeholders take. Bodies write {{article_title}} etc.; the names of the
 * first PMLR template ({{articleTitle}}, {{correspondingAuthor}}, {{publisher}}) stay valid, since
 * agreements already issued name that version.
 */
export type AgreementPlaceholderValues = {
  article_title: string;
  authors: string;
  corresponding_author: string;
  publisher: string;
  proceedings: string;
  year: string;
  paper_id: string;
};

export const PLACEHOLDER_NAMES = [
  "article_title",
  "authors",
  "corresponding_author",
  "publisher",
  "proceedings",
  "year",
  "paper_id",
] as const satisfies readonly (keyof AgreementPlaceholderValues)[];

export const LEGACY_PLACEHOLDERS: Record<string, keyof AgreementPlaceholderValues> = {
  articleTitle: "article_title",
  correspondingAuthor: "corresponding_author",
  publisher: "publisher",
};
