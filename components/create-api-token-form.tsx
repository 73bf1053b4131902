"use client";

import { useActionState, useState } from "react";
import { formOutcome, type FormState } from "@/lib/forms/form-state";
import { FormOutcome } from "./form-outcome";
import { RoleSelect } from "./role-select";
import { TextField } from "./text-field";

type Field = "name" | "role" | "expiresOn";
type State = FormState<Field> & { secret?: string };
type Action = (state: State, formData: FormData) => Promise<State>;

/** `roles`: those the signed-in staff member may give (never above their own; checked again on the server). */
export function CreateApiTokenForm({ action, roles }: { action: Action; roles: string[] }) {
  const [state, formAction, pending] = useActionState<State, FormData>(action, formOutcome<Field>());
  const { values, fieldErrors: errors } = state;
  return (
    <form action={formAction} noValidate className="card" aria-labelledby="create-token-heading">
      <h2 id="create-token-heading">Create a token</h2>
      <FormOutcome state={state} />
      {state.secret ? <NewSecret secret={state.secret} /> : null}
      <TextField
        name="name"
        label="Name"
        hint="What will use it, e.g. “OpenReview sync”. The audit log shows calls under this name."
        autoComplete="off"
        defaultValue={state.secret ? "" : values.name}
        error={errors.name}
      />
      <RoleSelect
        id="token-role"
        name="role"
        label="Role"
        only={roles}
        defaultValue={values.role || "auditor"}
        error={errors.role}
      />
      <TextField
        name="expiresOn"
        label="Expires after (optional)"
        type="date"
        hint="The token stops working at the end of this day (UTC). Leave empty for a token that does not expire."
        defaultValue={state.secret ? "" : values.expiresOn}
        error={errors.expiresOn}
      />
      <button type="submit" disabled={pending}>
        {pending ? "Creating…" : "Create token"}
      </button>
    </form>
  );
}

/** The secret, this once: only its hash is stored, so nobody can show it again. */
function NewSecret({ secret }: { secret: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="notice" role="note" aria-labelledby="new-secret-label">
      <p id="new-secret-label">
        <strong>Copy the token now.</strong> It is shown only this once: Imprimatur keeps only a hash of it. If it is
        lost, revoke it and create another.
      </p>
      <p>
        <code data-testid="api-token-secret">{secret}</code>{" "}
        <button
          type="button"
          className="secondary"
          onClick={() => navigator.clipboard.writeText(secret).then(() => setCopied(true))}
        >
          {copied ? "Copied" : "Copy"}
        </button>
      </p>
    </div>
  );
}
