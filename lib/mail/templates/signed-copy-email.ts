import { formatUtc } from "@/lib/dates/format-utc";
import { emailHtml } from "./email-layout";

export function signedCopyEmail(input: {
  correspondingAuthorName: string;
  articleTitle: string;
  proceedingsName: string;
  signedAt: Date;
  /** The camera-ready notice (lib/notices), when the agreement's template has one. */
  notice?: { text: string; snippet: string } | null;
}) {
  const subject = `Your signed publication agreement for “${input.articleTitle}”`;
  const paragraphs = [
    `Dear ${input.correspondingAuthorName},`,
    `Thank you for signing the publication agreement for “${input.articleTitle}” in ${input.proceedingsName} on ${formatUtc(input.signedAt)}.`,
    "Your signed copy is attached as a PDF. Please keep it for your records.",
  ];
  const notice = input.notice
    ? [
        { label: "Notice for your camera-ready paper (plain text)", text: input.notice.text },
        { label: "The same notice in LaTeX", text: input.notice.snippet },
      ]
    : [];
  const noticeParagraph =
    "Put this copyright and licence notice in the paper you submit (e.g. as a first-page footnote).";
  const text = [
    ...paragraphs,
    ...(input.notice
      ? ["", noticeParagraph, ...notice.flatMap((block) => ["", `${block.label}:`, "", block.text])]
      : []),
    "",
  ].join("\n");
  return {
    subject,
    text,
    html: emailHtml({
      heading: "Your signed agreement",
      paragraphs: input.notice ? [...paragraphs, noticeParagraph] : paragraphs,
      preformatted: notice,
    }),
  };
}
