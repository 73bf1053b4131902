"use client";

import { useActionState } from "react";
import type { FormState } from "@/lib/forms/form-state";
import { FormOutcome } from "./form-outcome";
import { TextField } from "./text-field";

type Field = "name" | "shortName" | "publisherName" | "deadline" | "linkExpiryDays" | "reminderDays" | "templateKey";
type Action = (state: FormState<Field>, formData: FormData) => Promise<FormState<Field>>;

export function ProceedingsForm({
  action,
  initial,
  submitLabel,
  templates,
}: {
  action: Action;
  initial: Partial<Record<Field, string>>;
  submitLabel: string;
  /** The templates to pick from; key "" is the default. */
  templates: { key: string; label: string }[];
}) {
  const [state, formAction, pending] = useActionState(action, { values: initial, fieldErrors: {} });
  const { values, fieldErrors: errors } = state;
  return (
    <form action={formAction} noValidate className="card">
      <FormOutcome state={state} />
      <TextField
        name="name"
        label="Name"
        hint="e.g. “PMLR vol. 139, ICML 2021”"
        defaultValue={values.name}
        error={errors.name}
      />
      <TextField
        name="shortName"
        label="Short name"
        hint="e.g. v139 — used for file names"
        defaultValue={values.shortName}
        error={errors.shortName}
      />
      <TextField
        name="publisherName"
        label="Publisher"
        hint="Named in the agreement; leave empty for the default publisher."
        defaultValue={values.publisherName}
        error={errors.publisherName}
      />
      <TextField
        name="deadline"
        label="Camera-ready deadline"
        type="date"
        defaultValue={values.deadline}
        error={errors.deadline}
      />
      <TextField
        name="linkExpiryDays"
        label="Signing links valid for (days)"
        inputMode="numeric"
        defaultValue={values.linkExpiryDays}
        error={errors.linkExpiryDays}
      />
      <TextField
        name="reminderDays"
        label="Reminders (days before the deadline)"
        hint="Comma-separated; 0 is the day itself. Only authors who have not signed or declined are reminded."
        defaultValue={values.reminderDays}
        error={errors.reminderDays}
      />
      <div className="field">
        <label htmlFor="field-templateKey">Agreement template</label>
        <span className="hint" id="field-templateKey-hint">
          Agreements are issued on the newest version of this template; those already issued keep theirs.
        </span>
        <select
          id="field-templateKey"
          name="templateKey"
          defaultValue={values.templateKey ?? ""}
          aria-describedby={`field-templateKey-hint${errors.templateKey ? " field-templateKey-error" : ""}`}
          aria-invalid={errors.templateKey ? true : undefined}
        >
          {templates.map((template) => (
            <option key={template.key} value={template.key}>
              {template.label}
            </option>
          ))}
        </select>
        {errors.templateKey ? (
          <p className="field-error" id="field-templateKey-error" role="alert">
            {errors.templateKey}
          </p>
        ) : null}
      </div>
      <button type="submit" disabled={pending}>
        {pending ? "Saving…" : submitLabel}
      </button>
    </form>
  );
}
