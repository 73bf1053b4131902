import type { Metadata } from "next";
import { headers } from "next/headers";
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
import { choiceDocumentParts } from "@/lib/agreements/choice-document";
import { openAgreementForSigning, type AgreementForSigning } from "@/lib/agreements/open-agreement-for-signing";
import { SIGNING_LINK_PASS_HEADER } from "@/lib/agreements/signing-link-pass";
import { formatUtc } from "@/lib/dates/format-utc";
import { isAppError } from "@/lib/errors/app-error";
import { describeError } from "@/lib/errors/describe-error";
import { requestOrigin } from "@/lib/http/requester";
import { noticeForAgreement } from "@/lib/notices/notice-for-agreement";
import { declineAction, signAction, viewedAction } from "./actions";

export const metadata: Metadata = { title: "Publication agreement", robots: { index: false, follow: false } };

export default async function SignPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  let agreement: AgreementForSigning;
  try {
    const origin = await requestOrigin();
    const pass = (await headers()).get(SIGNING_LINK_PASS_HEADER);
    agreement = await openAgreementForSigning(origin, { token, pass });
  } catch (error) {
    if (!isAppError(error)) throw error;
    const { title, userMessage } = describeError(error);
    return (
      <>
        <SiteHeader />
        <main>
          <LinkProblem title={title} message={userMessage} />
        </main>
      </>
    );
  }
  const notice = agreement.status === "signed" ? await noticeForAgreement(agreement.agreementId) : null;
  const questions = questionsToAsk(agreement);
  return (
    <>
      <SiteHeader />
      <main className="stack">
        {agreement.signer ? (
          <SignerPanel agreement={agreement} signer={agreement.signer} token={token} />
        ) : (
          <SigningOutcome agreement={agreement} token={token} />
        )}
        {notice ? <CameraReadyNotice notice={notice} /> : null}
        <h1>Publication agreement for “{agreement.articleTitle}”</h1>
        <p>
          {agreement.publisherName} · {agreement.proceedingsName} ·{" "}
          {agreement.signer ? "each author invited signs" : "on behalf of all authors"}: {agreement.authors.join(", ")}
        </p>
        {questions ? null : (
          <AgreementDocument
            blocks={parseAgreementBlocks(agreement.signedText ?? agreement.text)}
            emphasis={[agreement.articleTitle, agreement.correspondingAuthorName]}
          />
        )}
        <ChoiceAnswersSummary answers={agreement.choiceAnswers} />
        {agreement.status === "viewed" && agreement.signer?.status !== "signed" ? (
          <>
            <RecordView report={viewedAction.bind(null, token)} />
            <SigningForm
              action={signAction.bind(null, token)}
              authorName={agreement.signer?.name ?? agreement.correspondingAuthorName}
              forThemselves={agreement.signer !== null}
              questions={questions}
            />
            <DeclineForm action={declineAction.bind(null, token)} />
            <p className="hint">This link expires on {formatUtc(agreement.expiresAt)}.</p>
          </>
        ) : null}
      </main>
    </>
  );
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

function SigningOutcome({ agreement, token }: { agreement: AgreementForSigning; token: string }) {
  if (agreement.status === "signed" && agreement.signedAt) {
    return (
      <div className="notice ok" role="status">
        <p>
          <strong>Signed.</strong> You signed this agreement as “{agreement.signatureName}” on{" "}
          {formatUtc(agreement.signedAt)}. A copy of the signed PDF is also emailed to you. This link cannot be used to
          sign again.
        </p>
        <SignedPdfLink token={token} />
      </div>
    );
  }
  if (agreement.status === "declined" && agreement.declinedAt) {
    return (
      <p className="notice" role="status">
        You declined this agreement on {formatUtc(agreement.declinedAt)}. The publisher has been told.
      </p>
    );
  }
  return null;
}
