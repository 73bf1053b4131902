import { formatUtc } from "@/lib/dates/format-utc";
import { emailHtml } from "./email-layout";
import { mailLanguage } from "./mail-language";

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
  /** The agreement's language for its emails (lib/i18n/locales.ts); English when not one of them. */
  language?: string | null;
};

/** A reminder to an author who has not answered yet; it carries a fresh link to the same agreement. */
export function reminderEmail(input: ReminderEmailInput) {
  const { t, lang, buttonFallback } = mailLanguage(input.language);
  const deadline = formatUtc(input.deadline);
  const about = {
    title: input.articleTitle,
    proceedings: input.proceedingsName,
    publisher: input.publisherName,
    deadline,
  };
  const subject = t("reminder.subject", about);
  const paragraphs = [
    t("greeting", { name: input.signer?.name ?? input.correspondingAuthorName }),
    t(input.signer ? "reminder.eachAuthor" : "reminder.onBehalf", about),
    t("reminder.howToSign"),
  ];
  const expiry = t("reminder.expiry", { date: formatUtc(input.expiresAt) });
  const text = [...paragraphs, "", t("signLinkText", { url: input.signingUrl }), "", expiry, ""].join("\n");
  const html = emailHtml({
    heading: t("reminder.heading"),
    paragraphs,
    action: { label: t("signAction"), url: input.signingUrl },
    footer: expiry,
    lang,
    buttonFallback,
  });
  return { subject, text, html };
}
