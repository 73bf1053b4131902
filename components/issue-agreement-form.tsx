"use client";

import { useActionState, useState } from "react";
import { formOutcome, type FormState } from "@/lib/forms/form-state";
import { FormOutcome } from "./form-outcome";
import { LOCALE_NAMES, LOCALE_TAGS, LOCALES } from "@/lib/i18n/locales";
import { TextField } from "./text-field";

type Field =
  "proceedings" | "articleTitle" | "correspondingAuthorName" | "correspondingAuthorEmail" | "authors" | "language";
type Action = (state: FormState<Field>, formData: FormData) => Promise<FormState<Field>>;

export function IssueAgreementForm({
  action,
  proceedingsNames,
  idempotencyKey,
  templateLabels,
}: {
  action: Action;
  proceedingsNames: string[];
  idempotencyKey: string;
  /** Which template (name, version) each volume issues on; `fallback` for a new volume. */
  templateLabels: { byVolume: Record<string, string>; fallback: string };
}) {
  const [state, formAction, pending] = useActionState(action, formOutcome<Field>());
  const [volume, setVolume] = useState(state.values.proceedings ?? "");
  const { values, fieldErrors: errors } = state;
  const fieldsToFix =
    Object.keys(errors).length > 0 ? "Nothing was issued yet: please correct the fields marked below." : undefined;
  return (
    <form action={formAction} noValidate className="card">
      <FormOutcome state={{ ...state, formError: state.formError ?? fieldsToFix }} />
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <TextField
        name="proceedings"
        label="Proceedings"
        hint="The volume, e.g. “PMLR vol. 139, ICML 2021”. Type a new one or pick an existing one."
        list="proceedings-options"
        autoComplete="off"
        defaultValue={values.proceedings}
        error={errors.proceedings}
        onChange={(event) => setVolume(event.target.value)}
      />
      <p className="hint" data-testid="issue-template" aria-live="polite">
        Issued on the template: {templateLabels.byVolume[volume.trim()] ?? templateLabels.fallback}
      </p>
      <datalist id="proceedings-options">
        {proceedingsNames.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      <TextField
        name="articleTitle"
        label="Article title"
        defaultValue={values.articleTitle}
        error={errors.articleTitle}
      />
      <TextField
        name="correspondingAuthorName"
        label="Corresponding author"
        hint="The author who signs on behalf of all authors."
        autoComplete="off"
        defaultValue={values.correspondingAuthorName}
        error={errors.correspondingAuthorName}
      />
      <TextField
        name="correspondingAuthorEmail"
        label="Corresponding author email"
        type="email"
        autoComplete="off"
        defaultValue={values.correspondingAuthorEmail}
        error={errors.correspondingAuthorEmail}
      />
      <TextField
        name="authors"
        label="All authors"
        hint="One author per line, including the corresponding author, with their email where known: Ada Lovelace <ada@example.org>. Co-authors with an email are told when the agreement is signed; on every-author templates each of them signs."
        multiline
        defaultValue={values.authors}
        error={errors.authors}
      />
      <div className="field">
        <label htmlFor="field-language">Language of the emails</label>
        <span className="hint" id="field-language-hint">
          The invitation and reminders are written in it; the author reads the signing page in their browser’s language.
          The agreement text stays in the template’s language.
        </span>
        <select
          id="field-language"
          name="language"
          defaultValue={values.language ?? "en"}
          aria-describedby={errors.language ? "field-language-hint field-language-error" : "field-language-hint"}
          aria-invalid={errors.language ? true : undefined}
        >
          {LOCALES.map((locale) => (
            <option key={locale} value={locale} lang={LOCALE_TAGS[locale]}>
              {LOCALE_NAMES[locale]}
            </option>
          ))}
        </select>
        {errors.language ? (
          <p className="field-error" id="field-language-error" role="alert">
            {errors.language}
          </p>
        ) : null}
      </div>
      <button type="submit" disabled={pending}>
        {pending ? "Issuing…" : "Issue agreement"}
      </button>
    </form>
  );
}
