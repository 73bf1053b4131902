import { formatUtc } from "@/lib/dates/format-utc";
import { emailHtml } from "./email-layout";

export type InvitationEmailInput = {
  correspondingAuthorName: string;
  articleTitle: string;
  proceedingsName: string;
  publisherName: string;
  signingUrl: string;
  expiresAt: Date;
  /** Set when this agreement replaces one already sent: why (e.g. the paper's title changed). */
  reissueReason?: string;
  /** Every-author agreements: the author this invitation is for, who signs for themselves. */
  signer?: { name: string; of: number };
};

export function invitationEmail(input: InvitationEmailInput) {
  const subject = `Please sign the publication agreement for “${input.articleTitle}”`;
  const { signer } = input;
  const paragraphs = [
    `Dear ${signer?.name ?? input.correspondingAuthorName},`,
    signer
      ? `${input.publisherName} asks each of the ${signer.of} authors of “${input.articleTitle}” in ${input.proceedingsName} to sign its publication agreement: please sign it as one of them. The agreement is complete once every author has signed.`
      : `${input.publisherName} asks you, as corresponding author, to sign the publication agreement for your article “${input.articleTitle}” in ${input.proceedingsName}, on behalf of all its authors.`,
    ...(input.reissueReason
      ? [
          `This agreement replaces the one sent to you earlier for this paper. ${input.reissueReason} ` +
            "Please sign this one: it supersedes the earlier agreement.",
        ]
      : []),
    "Open the link below to read the agreement and sign it by typing your full name. You do not need an account.",
  ];
  const expiry = `This link is personal to you and expires on ${formatUtc(input.expiresAt)}.`;
  const text = [...paragraphs, "", `Sign the agreement: ${input.signingUrl}`, "", expiry, ""].join("\n");
  const html = emailHtml({
    heading: "Publication agreement to sign",
    paragraphs,
    action: { label: "Read and sign the agreement", url: input.signingUrl },
    footer: expiry,
  });
  return { subject, text, html };
}
