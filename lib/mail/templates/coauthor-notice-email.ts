import { formatUtc } from "@/lib/dates/format-utc";
import { emailHtml } from "./email-layout";

export type CoauthorNoticeInput = {
  coauthorName: string;
  articleTitle: string;
  proceedingsName: string;
  publisherName: string;
  /** Who signed and when: the corresponding author alone, or every author in every-author mode. */
  signatures: { name: string; typedName: string; signedAt: Date }[];
  everyAuthor: boolean;
  textSha256: string;
  /** Where an objection goes: the address the publisher's mail comes from. */
  contact: string;
};

/**
 * Tells a co-author that the agreement for their article was signed, for them or with them: the
 * commonest complaint about these forms is co-authors who never knew. Says who signed and when,
 * fixes the text by its SHA-256 and says how to object.
 */
export function coauthorNoticeEmail(input: CoauthorNoticeInput) {
  const subject = `The publication agreement for “${input.articleTitle}” has been signed`;
  const who = input.signatures.map(
    (signature) => `${signature.name} (signed as “${signature.typedName}”, ${formatUtc(signature.signedAt)})`,
  );
  const paragraphs = [
    `Dear ${input.coauthorName},`,
    input.everyAuthor
      ? `Every author has now signed the publication agreement with ${input.publisherName} for “${input.articleTitle}” in ${input.proceedingsName}: ${who.join("; ")}.`
      : `The publication agreement with ${input.publisherName} for your article “${input.articleTitle}” in ${input.proceedingsName} was signed on behalf of all its authors, including you, by ${who.join("; ")}.`,
    `The signed text has SHA-256 ${input.textSha256}; the signed PDF carries the same fingerprint.`,
    `If you did not agree to this, or something in it is wrong, write to the publisher at ${input.contact} ` +
      "and quote the article's title.",
  ];
  return {
    subject,
    text: [...paragraphs, ""].join("\n"),
    html: emailHtml({ heading: "Publication agreement signed", paragraphs }),
  };
}
