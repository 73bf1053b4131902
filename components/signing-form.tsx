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

/** The form's words, in the page's language (the page translates them on the server). */
export type SigningFormWords = {
  heading: string;
  questionsLabel: string;
  typedNameLabel: string;
  /** Who signs, as whom: the invited name as it was given, in its own script. */
  typedNameHint: string;
  agreeLabel: string;
  submit: string;
  submitting: string;
  /** Each short-text box's hint, by its field name. */
  detailHints: Record<string, string>;
};

/** With `questions`, the agreement text and the questions it asks are part of the form, above the signature. */
export function SigningForm({
  action,
  questions,
  textLanguage,
  words,
}: {
  action: Action;
  questions?: ChoiceDocumentPart[];
  /** The agreement text's language (its questions are part of it). */
  textLanguage?: string;
  words: SigningFormWords;
}) {
  const [state, formAction, pending] = useActionState(action, { values: {}, fieldErrors: {} });
  const errors = state.fieldErrors;
  return (
    <form action={formAction} noValidate className="card" aria-labelledby="sign-heading">
      {questions ? (
        <ChoiceDocument
          parts={questions}
          state={state}
          label={words.questionsLabel}
          detailHints={words.detailHints}
          lang={textLanguage}
        />
      ) : null}
      <h2 id="sign-heading">{words.heading}</h2>
      <FormOutcome state={state} />
      <TextField
        name="typedName"
        label={words.typedNameLabel}
        hint={words.typedNameHint}
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
          {words.agreeLabel}
        </label>
        {errors.agreed ? (
          <p className="field-error" id="field-agreed-error" role="alert">
            {errors.agreed}
          </p>
        ) : null}
      </div>
      <button type="submit" disabled={pending}>
        {pending ? words.submitting : words.submit}
      </button>
    </form>
  );
}
