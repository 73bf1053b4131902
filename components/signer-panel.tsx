import { formatUtc } from "@/lib/dates/format-utc";
import type { AgreementStatus } from "@/lib/agreements/agreement-states";
import type { SignerOnPage } from "@/lib/agreements/open-agreement-for-signing";
import type { Locale } from "@/lib/i18n/locales";
import { translator } from "@/lib/i18n/translator";
import { SignedPdfLink } from "./signed-pdf-link";

type Props = {
  agreement: { status: AgreementStatus; signers: SignerOnPage[] };
  signer: SignerOnPage;
  token: string;
  /** The page's language (names stay as they were given, in their own script). */
  locale: Locale;
};

type Words = ReturnType<typeof translator<"signers">>;

/**
 * The signing page of an every-author agreement: who this link signs as, where the agreement
 * stands, and who has signed so far (names and times only: the others' addresses are theirs).
 */
export function SignerPanel({ agreement, signer, token, locale }: Props) {
  const t = translator(locale, "signers");
  const { signers } = agreement;
  const signed = signers.filter((other) => other.status === "signed").length;
  const decliner = signers.find((other) => other.status === "declined");
  return (
    <section className="card stack" aria-labelledby="signers-heading" data-testid="signer-panel">
      <p>
        {t.rich("signingAs", {
          name: signer.name,
          email: signer.email,
          strong: (chunks) => <strong>{chunks}</strong>,
        })}
      </p>
      <Outcome
        status={agreement.status}
        signer={signer}
        decliner={decliner}
        token={token}
        t={t}
        page={translator(locale, "sign")}
      />
      <h2 id="signers-heading">{t("heading", { signed, total: signers.length })}</h2>
      <ul>
        {signers.map((other) => (
          <li key={other.id}>
            {t(other.id === signer.id ? "you" : "other", { name: other.name, state: describe(t, other) })}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Outcome({
  status,
  signer,
  decliner,
  token,
  t,
  page,
}: {
  status: AgreementStatus;
  signer: SignerOnPage;
  decliner: SignerOnPage | undefined;
  token: string;
  t: Words;
  page: ReturnType<typeof translator<"sign">>;
}) {
  if (status === "signed")
    return (
      <div className="notice ok" role="status">
        <p>
          <strong>{t("everyAuthorSignedStrong")}</strong> {t("everyAuthorSignedBody")}
        </p>
        <SignedPdfLink token={token} label={page("downloadPdf")} />
      </div>
    );
  if (status === "declined") {
    const other = decliner && decliner.id !== signer.id ? decliner : null;
    const at = (other ?? signer).declinedAt;
    const date = at ? formatUtc(at) : "";
    const sentence = other
      ? t(at ? "otherDeclined" : "otherDeclinedUndated", { name: other.name, date })
      : t(at ? "youDeclined" : "youDeclinedUndated", { date });
    return (
      <p className="notice" role="status">
        {sentence}
      </p>
    );
  }
  if (signer.status === "signed" && signer.signedAt)
    return (
      <p className="notice ok" role="status">
        <strong>{page("signedStrong")}</strong>{" "}
        {t("youSignedBody", { name: signer.typedName ?? "", date: formatUtc(signer.signedAt) })}
      </p>
    );
  return null;
}

function describe(t: Words, signer: SignerOnPage): string {
  if (signer.status === "signed" && signer.signedAt) return t("signedOn", { date: formatUtc(signer.signedAt) });
  if (signer.status === "declined") return t("declined");
  return t("notYet");
}
