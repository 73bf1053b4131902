"use client";

import { useActionState } from "react";
import type { FormState } from "@/lib/forms/form-state";
import type { ChoiceFieldName } from "@/lib/agreements/choice-answers";
import type { ChoiceDocumentPart } from "@/lib/agreements/choice-document";
import { FormOutcome } from "./form-outcome";
import { TextField } from "./text-field";
import { ChoiceDocument } from "./choice-fields";

type Field = "typedName" | "agreed" | ChoiceFieldName;
type Action = (state: FormState<Field>, formData: FormData) => Promise<FormState<Field>>;

/** With `questions`, the agreement text and the questions it asks are part of the form, above the signature. */
export function SigningForm({
  action,
  authorName,
  forThemselves = false,
  questions,
}: {
  action: Action;
  authorName: string;
  /** Every-author agreements: the author signs for themselves, not on behalf of all. */
  forThemselves?: boolean;
  questions?: ChoiceDocumentPart[];
}) {
  const [state, formAction, pending] = useActionState(action, { values: {}, fieldErrors: {} });
  const errors = state.fieldErrors;
  return (
    <form action={formAction} noValidate className="card" aria-labelledby="sign-heading">
      {questions ? <ChoiceDocument parts={questions} state={state} /> : null}
      <h2 id="sign-heading">Sign</h2>
      <FormOutcome state={state} />
      <TextField
        name="typedName"
        label="Type your full name to sign"
        hint={
          forThemselves
            ? `You sign for yourself (${authorName}), as one of the authors; the agreement is complete once every author has signed. The date is recorded automatically.`
            : `You sign as corresponding author (${authorName}) on behalf of all authors. The date is recorded automatically.`
        }
        autoComplete="name"
        defaultValue={state.values.typedName}
        error={errors.typedName}
      />
      <div className="field">
        <label className="checkbox" htmlFor="field-agreed">
          <input
            type="checkbox"
            id="field-agreed"
            name="agreed"
            aria-invalid={errors.agreed ? true : undefined}
            aria-describedby={errors.agreed ? "field-agreed-error" : undefined}
          />
          I have read and agree fully with the terms of this agreement
        </label>
        {errors.agreed ? (
          <p className="field-error" id="field-agreed-error" role="alert">
            {errors.agreed}
          </p>
        ) : null}
      </div>
      <button type="submit" disabled={pending}>
        {pending ? "Signing…" : "Sign agreement"}
      </button>
    </form>
  );
}
