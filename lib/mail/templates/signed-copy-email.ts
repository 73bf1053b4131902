import { formatUtc } from "@/lib/dates/format-utc";
import { emailHtml } from "./email-layout";

export function signedCopyEmail(input: {
  correspondingAuthorName: string;
  articleTitle: string;
  proceedingsName: string;
  signedAt: Date;
}) {
  const subject = `Your signed publication agreement for “${input.articleTitle}”`;
  const paragraphs = [
    `Dear ${input.correspondingAuthorName},`,
    `Thank you for signing the publication agreement for “${input.articleTitle}” in ${input.proceedingsName} on ${formatUtc(input.signedAt)}.`,
    "Your signed copy is attached as a PDF. Please keep it for your records.",
  ];
  return {
    subject,
    text: [...paragraphs, ""].join("\n"),
    html: emailHtml({ heading: "Your signed agreement", paragraphs }),
  };
}
