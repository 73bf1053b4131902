import { formatUtc } from "@/lib/dates/format-utc";
import { emailHtml } from "./email-layout";
import { mailLanguage } from "./mail-language";

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
  /** The agreement's language for its emails (lib/i18n/locales.ts); English when not one of them. */
  language?: string | null;
};

export function invitationEmail(input: InvitationEmailInput) {
  const { t, lang, buttonFallback } = mailLanguage(input.language);
  const about = { title: input.articleTitle, proceedings: input.proceedingsName, publisher: input.publisherName };
  const subject = t("invitation.subject", about);
  const { signer } = input;
  const paragraphs = [
    t("greeting", { name: signer?.name ?? input.correspondingAuthorName }),
    signer ? t("invitation.eachAuthor", { ...about, count: signer.of }) : t("invitation.onBehalf", about),
    ...(input.reissueReason ? [t("invitation.reissued", { reason: input.reissueReason })] : []),
    t("howToSign"),
  ];
  const expiry = t("invitation.expiry", { date: formatUtc(input.expiresAt) });
  const text = [...paragraphs, "", t("signLinkText", { url: input.signingUrl }), "", expiry, ""].join("\n");
  const html = emailHtml({
    heading: t("invitation.heading"),
    paragraphs,
    action: { label: t("signAction"), url: input.signingUrl },
    footer: expiry,
    lang,
    buttonFallback,
  });
  return { subject, text, html };
}
