import { formatUtc } from "@/lib/dates/format-utc";
import { emailHtml } from "./email-layout";

export type ReminderEmailInput = {
  correspondingAuthorName: string;
  articleTitle: string;
  proceedingsName: string;
  publisherName: string;
  deadline: Date;
  signingUrl: string;
  expiresAt: Date;
  /** Every-author agreements: the author reminded, who signs for themselves. */
  signer?: { name: string };
};

/** A reminder to an author who has not answered yet; it carries a fresh link to the same agreement. */
export function reminderEmail(input: ReminderEmailInput) {
  const deadline = formatUtc(input.deadline);
  const subject = `Reminder: please sign the publication agreement for “${input.articleTitle}” by ${deadline}`;
  const paragraphs = [
    `Dear ${input.signer?.name ?? input.correspondingAuthorName},`,
    input.signer
      ? `${input.publisherName} is still waiting for your signature on the publication agreement for your article “${input.articleTitle}” in ${input.proceedingsName}: every author signs it, and it is complete only once all have. Please sign it by ${deadline}.`
      : `${input.publisherName} is still waiting for the publication agreement for your article “${input.articleTitle}” in ${input.proceedingsName}. Please sign it, as corresponding author and on behalf of all its authors, by ${deadline}.`,
    "Open the link below to read the agreement and sign it by typing your full name. You do not need an account. The link in our first email works as well.",
  ];
  const expiry = `This link is personal to you and expires on ${formatUtc(input.expiresAt)}. If you have already answered, you can ignore this email.`;
  const text = [...paragraphs, "", `Sign the agreement: ${input.signingUrl}`, "", expiry, ""].join("\n");
  const html = emailHtml({
    heading: "Reminder: publication agreement to sign",
    paragraphs,
    action: { label: "Read and sign the agreement", url: input.signingUrl },
    footer: expiry,
  });
  return { subject, text, html };
}
