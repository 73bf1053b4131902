"use client";

import { useActionState } from "react";
import type { FormState } from "@/lib/forms/form-state";
import { FormOutcome } from "./form-outcome";
import { TextField } from "./text-field";

type Action = (state: FormState<"reason">, formData: FormData) => Promise<FormState<"reason">>;

/** The form's words, in the page's language. */
export type DeclineFormWords = {
  summary: string;
  explanation: string;
  reasonLabel: string;
  submit: string;
  submitting: string;
};

export function DeclineForm({ action, words }: { action: Action; words: DeclineFormWords }) {
  const [state, formAction, pending] = useActionState(action, { values: {}, fieldErrors: {} });
  return (
    <details className="card" open={Boolean(state.formError || state.fieldErrors.reason)}>
      <summary>{words.summary}</summary>
      <form action={formAction} noValidate>
        <p>{words.explanation}</p>
        <FormOutcome state={state} />
        <TextField
          name="reason"
          label={words.reasonLabel}
          multiline
          defaultValue={state.values.reason}
          error={state.fieldErrors.reason}
        />
        <button type="submit" className="danger" disabled={pending}>
          {pending ? words.submitting : words.submit}
        </button>
      </form>
    </details>
  );
}
