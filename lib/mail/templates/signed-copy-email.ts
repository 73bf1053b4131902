import { formatUtc } from "@/lib/dates/format-utc";
import { emailHtml } from "./email-layout";
import { mailLanguage } from "./mail-language";

export function signedCopyEmail(input: {
  correspondingAuthorName: string;
  articleTitle: string;
  proceedingsName: string;
  signedAt: Date;
  /** The camera-ready notice (lib/notices), when the agreement's template has one. */
  notice?: { text: string; snippet: string } | null;
  /** The language the author signed in (the signing page's); English when not one of ours. */
  language?: string | null;
}) {
  const { t, lang } = mailLanguage(input.language);
  const about = { title: input.articleTitle, proceedings: input.proceedingsName };
  const subject = t("signedCopy.subject", about);
  const paragraphs = [
    t("greeting", { name: input.correspondingAuthorName }),
    t("signedCopy.thanks", { ...about, date: formatUtc(input.signedAt) }),
    t("signedCopy.attached"),
  ];
  const notice = input.notice
    ? [
        { label: t("signedCopy.noticePlain"), text: input.notice.text },
        { label: t("signedCopy.noticeLatex"), text: input.notice.snippet },
      ]
    : [];
  const noticeParagraph = t("signedCopy.noticeIntro");
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
      heading: t("signedCopy.heading"),
      paragraphs: input.notice ? [...paragraphs, noticeParagraph] : paragraphs,
      preformatted: notice,
      lang,
    }),
  };
}
