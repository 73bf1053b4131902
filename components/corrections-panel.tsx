"use client";

import { useActionState } from "react";
import { formOutcome, type FormState } from "@/lib/forms/form-state";
import { FormOutcome } from "./form-outcome";
import { TextField } from "./text-field";

type Action = (state: FormState, formData: FormData) => Promise<FormState>;

export function CorrectionsPanel(props: {
  open: boolean;
  reissuable: boolean;
  /** What the reissue form starts from; `authorLines` as the issue form takes them ("Name <email>"). */
  current: { articleTitle: string; correspondingAuthorName: string; authorLines: string };
  resend: Action;
  changeEmail: Action;
  voidIt: Action;
  reissue: Action;
}) {
  const [resent, resend, resending] = useActionState(props.resend, formOutcome());
  const [changed, changeEmail, changing] = useActionState(props.changeEmail, formOutcome());
  const [voided, voidIt, voiding] = useActionState(props.voidIt, formOutcome());
  const [reissued, reissue, reissuing] = useActionState(props.reissue, formOutcome());
  return (
    <section className="card stack" aria-labelledby="corrections-heading">
      <h2 id="corrections-heading">Corrections</h2>
      {props.open ? (
        <>
          <form action={resend}>
            <FormOutcome state={resent} />
            <button type="submit" className="secondary" disabled={resending}>
              Send invitation again
            </button>
          </form>
          <form action={changeEmail} noValidate>
            <FormOutcome state={changed} />
            <TextField name="newEmail" label="New email of the corresponding author" type="email" autoComplete="off" />
            <button type="submit" className="secondary" disabled={changing}>
              Change email and send a new link
            </button>
          </form>
          <form action={voidIt} noValidate>
            <FormOutcome state={voided} />
            <TextField name="reason" label="Reason for voiding" multiline />
            <button type="submit" className="danger" disabled={voiding}>
              Void agreement
            </button>
          </form>
        </>
      ) : null}
      {props.reissuable ? (
        <form action={reissue} noValidate>
          <h3>Reissue</h3>
          <p className="hint">
            Issues a new agreement that supersedes this one{props.open ? " (this one is then voided)" : ""}; the author
            gets a new invitation.
          </p>
          <FormOutcome state={reissued} />
          <TextField
            name="articleTitle"
            label="Article title for the reissue"
            defaultValue={props.current.articleTitle}
          />
          <TextField
            name="correspondingAuthorName"
            label="Corresponding author for the reissue"
            defaultValue={props.current.correspondingAuthorName}
          />
          <TextField
            name="authors"
            label="All authors for the reissue"
            multiline
            defaultValue={props.current.authorLines}
          />
          <button type="submit" className="secondary" disabled={reissuing}>
            Reissue agreement
          </button>
        </form>
      ) : null}
    </section>
  );
}
