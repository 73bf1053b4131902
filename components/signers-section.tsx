"use client";

import { useActionState } from "react";
import { formOutcome, type FormState } from "@/lib/forms/form-state";
import { formatUtc } from "@/lib/dates/format-utc";
import { FormOutcome } from "./form-outcome";
import { TextField } from "./text-field";

type Action = (state: FormState, formData: FormData) => Promise<FormState>;

type Signer = {
  id: string;
  name: string;
  email: string;
  status: string;
  typedName: string | null;
  signedAt: Date | null;
  ip: string | null;
  declinedAt: Date | null;
};

/** Every-author agreements on the staff page: each signer, where they stand, and corrections for one of them. */
export function SignersSection({
  signers,
  correct,
}: {
  signers: Signer[];
  /** The server actions per signer id, when staff may correct the agreement now. */
  correct: Record<string, { resend: Action; changeEmail: Action }> | null;
}) {
  if (signers.length === 0) return null;
  const signed = signers.filter((signer) => signer.status === "signed").length;
  return (
    <section className="card stack" aria-labelledby="signers-heading">
      <h2 id="signers-heading">
        Signers: {signed} of {signers.length} signed
      </h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Author</th>
            <th scope="col">Status</th>
            {correct ? <th scope="col">Corrections</th> : null}
          </tr>
        </thead>
        <tbody>
          {signers.map((signer) => (
            <tr key={signer.id}>
              <td>
                {signer.name}
                <br />
                <small>{signer.email}</small>
              </td>
              <td>{describe(signer)}</td>
              {correct ? (
                <td>
                  {correct[signer.id] && (signer.status === "sent" || signer.status === "viewed") ? (
                    <SignerCorrections {...correct[signer.id]} />
                  ) : null}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function SignerCorrections({ resend, changeEmail }: { resend: Action; changeEmail: Action }) {
  const [resent, resendIt, resending] = useActionState(resend, formOutcome());
  const [changed, change, changing] = useActionState(changeEmail, formOutcome());
  return (
    <>
      <form action={resendIt}>
        <FormOutcome state={resent} />
        <button type="submit" className="secondary" disabled={resending}>
          Send this author&rsquo;s invitation again
        </button>
      </form>
      <form action={change} noValidate>
        <FormOutcome state={changed} />
        <TextField name="newEmail" label="New email of this author" type="email" autoComplete="off" />
        <button type="submit" className="secondary" disabled={changing}>
          Change email and send a new link
        </button>
      </form>
    </>
  );
}

function describe(signer: Signer): string {
  if (signer.status === "signed" && signer.signedAt)
    return `Signed ${formatUtc(signer.signedAt)} as “${signer.typedName}”${signer.ip ? ` from ${signer.ip}` : ""}`;
  if (signer.status === "declined") return `Declined${signer.declinedAt ? ` ${formatUtc(signer.declinedAt)}` : ""}`;
  return signer.status === "viewed" ? "Opened, not signed yet" : "Not signed yet";
}
