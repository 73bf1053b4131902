"use client";

import { useActionState } from "react";
import { TextField } from "./text-field";

type State = { error?: string; done?: string };
type Action = (state: State, formData: FormData) => Promise<State>;

function Outcome({ state }: { state: State }) {
  if (state.error) return <p className="notice error" role="alert">{state.error}</p>;
  if (state.done) return <p className="notice ok" role="status">{state.done}</p>;
  return null;
}

export function CorrectionsPanel(props: {
  open: boolean;
  reissuable: boolean;
  current: { articleTitle: string; correspondingAuthorName: string; authors: string[] };
  resend: Action;
  changeEmail: Action;
  voidIt: Action;
  reissue: Action;
}) {
  const [resent, resend, resending] = useActionState(props.resend, {});
  const [changed, changeEmail, changing] = useActionState(props.changeEmail, {});
  const [voided, voidIt, voiding] = useActionState(props.voidIt, {});
  const [reissued, reissue, reissuing] = useActionState(props.reissue, {});
  return (
    <section className="card stack" aria-labelledby="corrections-heading">
      <h2 id="corrections-heading">Corrections</h2>
      {props.open ? (
        <>
          <form action={resend}>
            <Outcome state={resent} />
            <button type="submit" className="secondary" disabled={resending}>
              Send invitation again
            </button>
          </form>
          <form action={changeEmail} noValidate>
            <Outcome state={changed} />
            <TextField name="newEmail" label="New email of the corresponding author" type="email" autoComplete="off" />
            <button type="submit" className="secondary" disabled={changing}>
              Change email and send a new link
            </button>
          </form>
          <form action={voidIt} noValidate>
            <Outcome state={voided} />
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
          <p className="hint">Issues a new agreement that supersedes this one{props.open ? " (this one is then voided)" : ""}; the author gets a new invitation.</p>
          <Outcome state={reissued} />
          <TextField name="articleTitle" label="Article title for the reissue" defaultValue={props.current.articleTitle} />
          <TextField name="correspondingAuthorName" label="Corresponding author for the reissue" defaultValue={props.current.correspondingAuthorName} />
          <TextField name="authors" label="All authors for the reissue" multiline defaultValue={props.current.authors.join("\n")} />
          <button type="submit" className="secondary" disabled={reissuing}>
            Reissue agreement
          </button>
        </form>
      ) : null}
    </section>
  );
}
