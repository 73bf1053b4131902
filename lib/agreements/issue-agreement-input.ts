import { z } from "zod";
import { emailLanguageField } from "@/lib/i18n/email-language";
import { cleanUserText, emailAddress, singleLineText } from "@/lib/text/user-text";
import { authorEmailProblem, parseAuthorEntry, splitAuthorEntries, type AuthorEntry } from "./author-entry";

// Shared by the issue form (to show field-level messages) and issueAgreement (to trust its input).
function text(label: string, max: number) {
  return singleLineText(label, max, { required: `${label} is required.` });
}

export const MAX_AUTHORS = 100;
const MAX_AUTHOR_NAME = 200;

// One author per line; each line is a name, held to the same rules as any single-line field, and
// optionally the author's email the way mail programs and conference systems write it:
// "Ada Lovelace <ada@example.org>" (lib/agreements/author-entry.ts).
const authorNames = z
  .string()
  .max(20_000, "All authors must be at most 20,000 characters.")
  .transform((value, context) => {
    const names: AuthorEntry[] = [];
    for (const line of value.split(/\r\n|[\r\n\u2028\u2029]/)) {
      const cleaned = cleanUserText(line, { label: `All authors (“${visible(line)}”)` });
      if (!cleaned.ok) {
        context.issues.push({ code: "custom", message: cleaned.message, input: value });
        return z.NEVER;
      }
      if (!cleaned.value) continue;
      const entry = parseAuthorEntry(cleaned.value);
      if (!entry.ok) {
        context.issues.push({ code: "custom", message: entry.message, input: value });
        return z.NEVER;
      }
      names.push(entry.value);
    }
    return names;
  })
  .pipe(
    z
      .array(
        z.object({
          name: z.string().max(MAX_AUTHOR_NAME, `Each author's name must be at most ${MAX_AUTHOR_NAME} characters.`),
          email: z.string().nullable(),
        }),
      )
      .min(1, "All authors is required: list every author, one per line.")
      .max(MAX_AUTHORS, `List at most ${MAX_AUTHORS} authors.`),
  );

/** The form's fields with the author list as entries; correction inputs reuse single fields from here. */
export const issueAgreementFields = z
  .object({
    proceedings: text("Proceedings", 200),
    articleTitle: text("Article title", 500),
    correspondingAuthorName: text("Corresponding author", 200),
    correspondingAuthorEmail: emailAddress("Corresponding author email"),
    authors: authorNames,
    // The invitation's and reminders' language (the agreement text stays in its template's).
    language: emailLanguageField,
  })
  .refine(
    ({ authors, correspondingAuthorName: name }) =>
      !authors?.length || !name || authors.some((author) => author.name.toLowerCase() === name.toLowerCase()),
    {
      path: ["authors"],
      message: "Include the corresponding author in All authors.",
    },
  )
  .superRefine(({ authors, correspondingAuthorName, correspondingAuthorEmail }, context) => {
    const problem = authorEmailProblem(authors, { name: correspondingAuthorName, email: correspondingAuthorEmail });
    if (problem) context.issues.push({ code: "custom", path: ["authors"], message: problem, input: authors });
  });

/** What issuing takes: the author names as before, and each author's email aligned with them ("" when not given). */
export const issueAgreementInput = issueAgreementFields.transform(({ authors, ...fields }) => ({
  ...fields,
  ...splitAuthorEntries(authors),
}));

/** A refused author line, quoted without its invisible characters so the person can find it. */
function visible(line: string): string {
  const shown = line
    .replace(/[\p{Cc}\p{Cf}]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  return shown.length > 60 ? `${shown.slice(0, 59)}…` : shown;
}

export type IssueAgreementInput = z.output<typeof issueAgreementInput>;
export type IssueAgreementFields = z.input<typeof issueAgreementInput>;
