import { formatUtc } from "@/lib/dates/format-utc";
import { emailHtml } from "./email-layout";
import { mailLanguage } from "./mail-language";

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
  /** The agreement's language for its emails (lib/i18n/locales.ts); English when not one of them. */
  language?: string | null;
};

/**
 * Tells a co-author that the agreement for their article was signed, for them or with them: the
 * commonest complaint about these forms is co-authors who never knew. Says who signed and when,
 * fixes the text by its SHA-256 and says how to object.
 */
export function coauthorNoticeEmail(input: CoauthorNoticeInput) {
  const { t, lang } = mailLanguage(input.language);
  const about = { title: input.articleTitle, proceedings: input.proceedingsName, publisher: input.publisherName };
  const subject = t("coauthorNotice.subject", about);
  const who = input.signatures.map((signature) =>
    t("coauthorNotice.signature", {
      name: signature.name,
      typedName: signature.typedName,
      date: formatUtc(signature.signedAt),
    }),
  );
  const signatures = who.join("; ");
  const paragraphs = [
    t("greeting", { name: input.coauthorName }),
    t(input.everyAuthor ? "coauthorNotice.everyAuthor" : "coauthorNotice.onBehalf", { ...about, signatures }),
    t("coauthorNotice.fingerprint", { sha256: input.textSha256 }),
    t("coauthorNotice.objection", { contact: input.contact }),
  ];
  return {
    subject,
    text: [...paragraphs, ""].join("\n"),
    html: emailHtml({ heading: t("coauthorNotice.heading"), paragraphs, lang }),
  };
}
