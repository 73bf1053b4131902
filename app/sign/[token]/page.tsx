import type { Metadata } from "next";
import { headers } from "next/headers";
import { LanguageSwitcher } from "@/components/language-switcher";
import { AgreementDocument } from "@/components/agreement-document";
import { CameraReadyNotice } from "@/components/camera-ready-notice";
import { ChoiceAnswersSummary } from "@/components/choice-fields";
import { DeclineForm } from "@/components/decline-form";
import { LinkProblem } from "@/components/link-problem";
import { RecordView } from "@/components/record-view";
import { SignerPanel } from "@/components/signer-panel";
import { SigningForm } from "@/components/signing-form";
import { SignedPdfLink } from "@/components/signed-pdf-link";
import { SiteHeader } from "@/components/site-header";
import { parseAgreementBlocks } from "@/lib/agreements/agreement-blocks";
import { placeholderValues } from "@/lib/agreements/agreement-template";
import { choiceDetailField } from "@/lib/agreements/choice-answers";
import { choiceDocumentParts, type ChoiceDocumentPart } from "@/lib/agreements/choice-document";
import { openAgreementForSigning, type AgreementForSigning } from "@/lib/agreements/open-agreement-for-signing";
import { SIGNING_LINK_PASS_HEADER } from "@/lib/agreements/signing-link-pass";
import { formatUtc } from "@/lib/dates/format-utc";
import { isAppError } from "@/lib/errors/app-error";
import { describeError } from "@/lib/errors/describe-error";
import { requestOrigin } from "@/lib/http/requester";
import { localizedError } from "@/lib/i18n/localize-form-state";
import { LOCALE_TAGS, type Locale } from "@/lib/i18n/locales";
import { requestLocale } from "@/lib/i18n/request-locale";
import { languageName, translator } from "@/lib/i18n/translator";
import { noticeForAgreement } from "@/lib/notices/notice-for-agreement";
import { declineAction, signAction, viewedAction } from "./actions";

// The page's own words are in the author's language (lib/i18n: their switcher choice, else their
// browser's Accept-Language); the agreement text stays in its template's language: it is what is signed.
export async function generateMetadata(): Promise<Metadata> {
  const locale = requestLocale(await headers());
  return { title: translator(locale, "sign")("pageTitle"), robots: { index: false, follow: false } };
}

export default async function SignPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const requestHeaders = await headers();
  const locale = requestLocale(requestHeaders);
  const t = translator(locale, "sign");
  const switcher = <LanguageSwitcher token={token} current={locale} label={translator(locale, "switcher")("label")} />;
  let agreement: AgreementForSigning;
  try {
    const origin = await requestOrigin();
    const pass = requestHeaders.get(SIGNING_LINK_PASS_HEADER);
    agreement = await openAgreementForSigning(origin, { token, pass });
  } catch (error) {
    if (!isAppError(error)) throw error;
    const { code, title, userMessage } = describeError(error);
    const problem = localizedError(locale, code, { title, message: userMessage });
    return (
      <>
        <SiteHeader />
        <main>
          {switcher}
          <LinkProblem title={problem.title} message={problem.message} />
        </main>
      </>
    );
  }
  const notice = agreement.status === "signed" ? await noticeForAgreement(agreement.agreementId) : null;
  const questions = questionsToAsk(agreement);
  const authorName = agreement.signer?.name ?? agreement.correspondingAuthorName;
  const byline = { publisher: agreement.publisherName, proceedings: agreement.proceedingsName };
  const textLanguage =
    agreement.textLanguage.split("-")[0] === LOCALE_TAGS[locale].split("-")[0] ? null : agreement.textLanguage;
  return (
    <>
      <SiteHeader />
      <main className="stack">
        {switcher}
        {agreement.signer ? (
          <SignerPanel agreement={agreement} signer={agreement.signer} token={token} locale={locale} />
        ) : (
          <SigningOutcome agreement={agreement} token={token} locale={locale} />
        )}
        {notice ? <CameraReadyNotice notice={notice} words={noticeWords(locale)} /> : null}
        <h1>{t("heading", { title: agreement.articleTitle })}</h1>
        <p>
          {t(agreement.signer ? "bylineEachAuthor" : "bylineOnBehalf", {
            ...byline,
            authors: agreement.authors.join(", "),
          })}
        </p>
        {textLanguage ? (
          <p className="notice" data-testid="text-language-note">
            {t("textLanguageNote", { language: languageName(textLanguage, locale) })}
          </p>
        ) : null}
        {questions ? null : (
          <div lang={agreement.textLanguage}>
            <AgreementDocument
              blocks={parseAgreementBlocks(agreement.signedText ?? agreement.text)}
              emphasis={[agreement.articleTitle, agreement.correspondingAuthorName]}
            />
          </div>
        )}
        <ChoiceAnswersSummary answers={agreement.choiceAnswers} heading={t("choicesHeading")} />
        {agreement.status === "viewed" && agreement.signer?.status !== "signed" ? (
          <>
            <RecordView report={viewedAction.bind(null, token)} />
            <SigningForm
              action={signAction.bind(null, token)}
              questions={questions}
              textLanguage={agreement.textLanguage}
              words={{
                heading: t("signHeading"),
                questionsLabel: t("questionsLabel"),
                typedNameLabel: t("typedNameLabel"),
                typedNameHint: t(agreement.signer ? "typedNameHintForThemselves" : "typedNameHintOnBehalf", {
                  name: authorName,
                }),
                agreeLabel: t("agreeLabel"),
                submit: t("signButton"),
                submitting: t("signingButton"),
                detailHints: questions ? detailHints(locale, questions) : {},
              }}
            />
            <DeclineForm
              action={declineAction.bind(null, token)}
              words={{
                summary: t("declineSummary"),
                explanation: t("declineExplanation"),
                reasonLabel: t("declineReasonLabel"),
                submit: t("declineButton"),
                submitting: t("decliningButton"),
              }}
            />
            <p className="hint">{t("linkExpires", { date: formatUtc(agreement.expiresAt) })}</p>
          </>
        ) : null}
      </main>
    </>
  );
}

/** Each short-text box's hint, by its field: which option it belongs to and how long it may be. */
function detailHints(locale: Locale, parts: ChoiceDocumentPart[]): Record<string, string> {
  const t = translator(locale, "sign");
  const hints: Record<string, string> = {};
  for (const part of parts) {
    if (part.kind !== "question") continue;
    for (const option of part.question.options) {
      if (!option.detail) continue;
      hints[choiceDetailField(part.question.key, option.value)] = t("detailHint", {
        option: option.label,
        max: option.detail.maxLength,
      });
    }
  }
  return hints;
}

function noticeWords(locale: Locale) {
  const t = translator(locale, "notice");
  return {
    heading: t("heading"),
    hint: t("hint"),
    plainText: t("plainText"),
    latex: t("latex"),
    copyText: t("copyText"),
    copyLatex: t("copyLatex"),
    copied: t("copied"),
  };
}

/** The agreement cut at its questions, while they are still to be answered (they are asked once). */
function questionsToAsk(agreement: AgreementForSigning) {
  if (agreement.status !== "viewed" || agreement.choices.length === 0 || agreement.choiceAnswers.length > 0) return;
  const values = placeholderValues({
    ...agreement,
    publisher: agreement.publisherName,
    proceedingsName: agreement.proceedingsName,
  });
  const emphasis = [agreement.articleTitle, agreement.correspondingAuthorName];
  return choiceDocumentParts(agreement.text, agreement.choices, values, emphasis);
}

function SigningOutcome({
  agreement,
  token,
  locale,
}: {
  agreement: AgreementForSigning;
  token: string;
  locale: Locale;
}) {
  const t = translator(locale, "sign");
  if (agreement.status === "signed" && agreement.signedAt) {
    return (
      <div className="notice ok" role="status">
        <p>
          <strong>{t("signedStrong")}</strong>{" "}
          {t("signedBody", { name: agreement.signatureName ?? "", date: formatUtc(agreement.signedAt) })}
        </p>
        <SignedPdfLink token={token} label={t("downloadPdf")} />
      </div>
    );
  }
  if (agreement.status === "declined" && agreement.declinedAt) {
    return (
      <p className="notice" role="status">
        {t("declinedBody", { date: formatUtc(agreement.declinedAt) })}
      </p>
    );
  }
  return null;
}
