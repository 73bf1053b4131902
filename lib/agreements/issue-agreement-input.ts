import { z } from "zod";

// Shared by the issue form (to show field-level messages) and issueAgreement (to trust its input).
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

function text(label: string, max: number) {
  return z
    .string()
    .transform((value) => value.normalize("NFC").replace(/\s+/g, " ").trim())
    .pipe(
      z
        .string()
        .min(1, `${label} is required.`)
        .max(max, `${label} must be at most ${max} characters.`)
        .refine((value) => !CONTROL_CHARACTERS.test(value), `${label} contains control characters.`),
    );
}

export const MAX_AUTHORS = 100;

export const issueAgreementInput = z
  .object({
    proceedings: text("Proceedings", 200),
    articleTitle: text("Article title", 500),
    correspondingAuthorName: text("Corresponding author", 200),
    correspondingAuthorEmail: z
      .string()
      .trim()
      .toLowerCase()
      .min(1, "Corresponding author email is required.")
      .max(254, "Corresponding author email must be at most 254 characters.")
      .pipe(z.email("Enter an email address like name@example.org.")),
    authors: z
      .string()
      .max(20_000, "All authors must be at most 20,000 characters.")
      .transform((value) => value.split(/\r?\n/).map((line) => line.normalize("NFC").replace(/\s+/g, " ").trim()).filter(Boolean))
      .pipe(
        z
          .array(z.string().max(200, "Each author's name must be at most 200 characters."))
          .min(1, "All authors is required: list every author, one per line.")
          .max(MAX_AUTHORS, `List at most ${MAX_AUTHORS} authors.`),
      ),
  })
  .refine(({ authors, correspondingAuthorName: name }) => !authors?.length || !name || authors.some((author) => author.toLowerCase() === name.toLowerCase()), {
    path: ["authors"],
    message: "Include the corresponding author in All authors.",
  });

export type IssueAgreementInput = z.output<typeof issueAgreementInput>;
export type IssueAgreementFields = z.input<typeof issueAgreementInput>;
