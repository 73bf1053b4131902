"use client";

import { useActionState } from "react";
import type { FormState } from "@/lib/forms/form-state";
import { FormOutcome } from "./form-outcome";
import { TextField } from "./text-field";

type Action = (state: FormState<"reason">, formData: FormData) => Promise<FormState<"reason">>;

export function DeclineForm({ action }: { action: Action }) {
  const [state, formAction, pending] = useActionState(action, { values: {}, fieldErrors: {} });
  return (
    <details className="card" open={Boolean(state.formError || state.fieldErrors.reason)}>
      <summary>Do not want to sign? Decline the agreement</summary>
      <form action={formAction} noValidate>
        <p>
          The publisher will see that you declined and your reason. They can then contact you or issue a corrected
          agreement.
        </p>
        <FormOutcome state={state} />
        <TextField
          name="reason"
          label="Reason for declining"
          multiline
          defaultValue={state.values.reason}
          error={state.fieldErrors.reason}
        />
        <button type="submit" className="danger" disabled={pending}>
          {pending ? "Declining…" : "Decline"}
        </button>
      </form>
    </details>
  );
}
