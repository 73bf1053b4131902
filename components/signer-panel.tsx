import { formatUtc } from "@/lib/dates/format-utc";
import type { AgreementStatus } from "@/lib/agreements/agreement-states";
import type { SignerOnPage } from "@/lib/agreements/open-agreement-for-signing";
import { SignedPdfLink } from "./signed-pdf-link";

type Props = {
  agreement: { status: AgreementStatus; signers: SignerOnPage[] };
  signer: SignerOnPage;
  token: string;
};

/**
 * The signing page of an every-author agreement: who this link signs as, where the agreement
 * stands, and who has signed so far (names and times only: the others' addresses are theirs).
 */
export function SignerPanel({ agreement, signer, token }: Props) {
  const { signers } = agreement;
  const signed = signers.filter((other) => other.status === "signed").length;
  const decliner = signers.find((other) => other.status === "declined");
  return (
    <section className="card stack" aria-labelledby="signers-heading" data-testid="signer-panel">
      <p>
        You are signing as <strong>{signer.name}</strong> ({signer.email}). Every author signs this agreement for
        themselves.
      </p>
      <Outcome status={agreement.status} signer={signer} decliner={decliner} token={token} />
      <h2 id="signers-heading">
        Signatures: {signed} of {signers.length}
      </h2>
      <ul>
        {signers.map((other) => (
          <li key={other.id}>
            {other.name}
            {other.id === signer.id ? " (you)" : ""}: {describe(other)}
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
}: {
  status: AgreementStatus;
  signer: SignerOnPage;
  decliner: SignerOnPage | undefined;
  token: string;
}) {
  if (status === "signed")
    return (
      <div className="notice ok" role="status">
        <p>
          <strong>Signed by every author.</strong> The agreement is complete.
        </p>
        <SignedPdfLink token={token} />
      </div>
    );
  if (status === "declined")
    return (
      <p className="notice" role="status">
        {decliner && decliner.id !== signer.id
          ? `${decliner.name} declined this agreement${decliner.declinedAt ? ` on ${formatUtc(decliner.declinedAt)}` : ""}, so it can no longer be signed. This link no longer works for signing; the publisher has been told.`
          : `You declined this agreement${signer.declinedAt ? ` on ${formatUtc(signer.declinedAt)}` : ""}. The publisher has been told.`}
      </p>
    );
  if (signer.status === "signed" && signer.signedAt)
    return (
      <p className="notice ok" role="status">
        <strong>Signed.</strong> You signed as “{signer.typedName}” on {formatUtc(signer.signedAt)}. The agreement is
        complete once every author has signed; you will get an email then.
      </p>
    );
  return null;
}

function describe(signer: SignerOnPage): string {
  if (signer.status === "signed" && signer.signedAt) return `signed on ${formatUtc(signer.signedAt)}`;
  if (signer.status === "declined") return "declined";
  return "not signed yet";
}
