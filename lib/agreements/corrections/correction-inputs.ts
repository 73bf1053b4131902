import { z } from "zod";
import { issueAgreementFields } from "@/lib/agreements/issue-agreement-input";
import { AppError } from "@/lib/errors/app-error";
import { multiLineText } from "@/lib/text/user-text";

// Shared by the staff forms (field-level messages) and the operations themselves, which check
// again so that no caller, a form's action or any other, can hand them unchecked values. Fields
// that the issue form also has use its rules, so an address or title refused there is refused
// here with the same words.
const issueFields = issueAgreementFields.shape;

export const voidAgreementInput = z.object({
  reason: multiLineText("Reason for voiding", 2000, {
    required: "Give a reason for voiding the agreement.",
    tooLong: "The reason must be at most 2000 characters.",
  }),
});

export const changeAuthorEmailInput = z.object({ newEmail: issueFields.correspondingAuthorEmail });

// The form sends the author list as lines of text ("Name <email>" where known); code may pass the list itself.
const authorList = z
  .union([z.string(), z.array(z.string()).transform((names) => names.join("\n"))])
  .pipe(issueFields.authors);

export const reissueChangesInput = z.object({
  articleTitle: issueFields.articleTitle.optional(),
  correspondingAuthorName: issueFields.correspondingAuthorName.optional(),
  correspondingAuthorEmail: issueFields.correspondingAuthorEmail.optional(),
  authors: authorList.optional(),
});

export type VoidAgreementFields = z.input<typeof voidAgreementInput>;
export type ChangeAuthorEmailFields = z.input<typeof changeAuthorEmailInput>;
export type ReissueChanges = z.input<typeof reissueChangesInput>;

/** Parses at the boundary; the first problem becomes the INVALID_INPUT error's sentence. */
export function parseOrRefuse<Schema extends z.ZodType>(schema: Schema, value: z.input<Schema>): z.output<Schema> {
  const result = schema.safeParse(value);
  if (!result.success) throw new AppError("INVALID_INPUT", { userMessage: result.error.issues[0]?.message });
  return result.data;
}
