"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import type { FormState } from "@/lib/forms/form-state";
import { FormOutcome } from "./form-outcome";

type Field = "key" | "name" | "language" | "signers" | "body" | "notice" | "choices";
type Action = (state: FormState<Field>, formData: FormData) => Promise<FormState<Field>>;
type Preview = { html: string; problems: string[] };

/**
 * The template editor: the fields, every problem by its field with its line, and a live preview
 * rendered on the server by the code the signing page uses (POST /staff/templates/preview); the
 * PDF preview posts the same fields to /staff/templates/preview.pdf.
 */
export function TemplateForm({
  action,
  initial,
  keyEditable,
  submitLabel,
  choicesExample,
  markupHelp,
}: {
  action: Action;
  initial: Partial<Record<Field, string>>;
  keyEditable: boolean;
  submitLabel: string;
  choicesExample: string;
  markupHelp: React.ReactNode;
}) {
  const [state, formAction, pending] = useActionState(action, { values: initial, fieldErrors: {} });
  const { values, fieldErrors: errors } = state;
  const form = useRef<HTMLFormElement>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  const refreshPreview = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(async () => {
      if (!form.current) return;
      const response = await fetch("/staff/templates/preview", { method: "POST", body: new FormData(form.current) });
      if (response.ok) setPreview((await response.json()) as Preview);
    }, 300);
  };
  // The preview of what the page was opened with (or came back with), then after every change.
  useEffect(refreshPreview, [state]);

  return (
    <div className="template-editor">
      <form ref={form} action={formAction} noValidate className="card" onInput={refreshPreview}>
        <FormOutcome state={state} />
        <Input
          name="key"
          label="Key"
          hint="Lower-case letters, digits and dashes; never changes, e.g. ieee-style."
          value={values.key}
          error={errors.key}
          readOnly={!keyEditable}
        />
        <Input name="name" label="Name" value={values.name} error={errors.name} />
        <div className="field">
          <label htmlFor="field-signers">Who signs</label>
          <select id="field-signers" name="signers" defaultValue={values.signers ?? "corresponding_author"}>
            <option value="corresponding_author">The corresponding author, on behalf of all authors</option>
            <option value="every_author">Every author with an email</option>
          </select>
          <Problems name="signers" error={errors.signers} />
        </div>
        <Input
          name="language"
          label="Language"
          hint="A language tag: en, de, pt-BR…"
          value={values.language ?? "en"}
          error={errors.language}
        />
        <Area name="body" label="Agreement text" hint={markupHelp} value={values.body} error={errors.body} rows={22} />
        <Area
          name="notice"
          label="Camera-ready notice"
          hint="The line authors put in their paper, e.g. “© {{year}} {{authors}}. {{choice:licence}}”."
          value={values.notice}
          error={errors.notice}
          rows={3}
        />
        <Area
          name="choices"
          label="The author's choices (YAML)"
          hint={
            <>
              Questions the author answers before signing; leave empty for none. Each option&apos;s clause goes where
              the text has its <code>{"{{choice:<key>}}"}</code> line. Example:
              <pre>{choicesExample}</pre>
            </>
          }
          value={values.choices}
          error={errors.choices}
          rows={12}
        />
        <div className="actions">
          <button type="submit" disabled={pending}>
            {pending ? "Saving…" : submitLabel}
          </button>
          <button
            type="submit"
            formAction="/staff/templates/preview.pdf"
            formMethod="post"
            formTarget="_blank"
            className="secondary"
          >
            Preview as PDF
          </button>
        </div>
      </form>
      <section className="card" aria-labelledby="preview-heading">
        <h2 id="preview-heading">Preview with sample data</h2>
        <p className="hint">As the signing page shows it, for a sample paper; each choice shows its first option.</p>
        {preview && preview.problems.length > 0 ? (
          <ul className="field-error" data-testid="preview-problems">
            {preview.problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        ) : null}
        {preview ? (
          <article
            className="agreement-text"
            data-testid="template-preview"
            dangerouslySetInnerHTML={{ __html: preview.html }}
          />
        ) : (
          <p>Loading the preview…</p>
        )}
      </section>
    </div>
  );
}

function Problems({ name, error }: { name: string; error?: string }) {
  if (!error) return null;
  return (
    <ul className="field-error" id={`field-${name}-error`} role="alert">
      {error.split("\n").map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  );
}

function Input(props: {
  name: Field;
  label: string;
  hint?: string;
  value?: string;
  error?: string;
  readOnly?: boolean;
}) {
  const id = `field-${props.name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      {props.hint ? (
        <span className="hint" id={`${id}-hint`}>
          {props.hint}
        </span>
      ) : null}
      <input
        type="text"
        id={id}
        name={props.name}
        defaultValue={props.value}
        readOnly={props.readOnly}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={
          [props.hint ? `${id}-hint` : "", props.error ? `${id}-error` : ""].join(" ").trim() || undefined
        }
      />
      <Problems name={props.name} error={props.error} />
    </div>
  );
}

function Area(props: {
  name: Field;
  label: string;
  hint: React.ReactNode;
  value?: string;
  error?: string;
  rows: number;
}) {
  const id = `field-${props.name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <div className="hint" id={`${id}-hint`}>
        {props.hint}
      </div>
      <textarea
        id={id}
        name={props.name}
        defaultValue={props.value}
        rows={props.rows}
        spellCheck={false}
        className="monospace"
        aria-invalid={props.error ? true : undefined}
        aria-describedby={`${id}-hint${props.error ? ` ${id}-error` : ""}`}
      />
      <Problems name={props.name} error={props.error} />
    </div>
  );
}
