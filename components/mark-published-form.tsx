"use client";

import { useActionState } from "react";
import { formOutcome, type FormState } from "@/lib/forms/form-state";
import { FormOutcome } from "./form-outcome";

type Action = (state: FormState, formData: FormData) => Promise<FormState>;

/** Staff record the day the article was published (clause 7: within a year of signing). */
export function MarkPublishedForm({ action, publishedOn }: { action: Action; publishedOn: string | null }) {
  const [state, submit, pending] = useActionState(action, formOutcome());
  return (
    <section className="card" aria-labelledby="publication-heading">
      <h2 id="publication-heading">Publication</h2>
      <p className="hint">
        {publishedOn
          ? `Recorded as published on ${publishedOn}. Correct the day below if needed.`
          : "Clause 7: the agreement terminates unless the article is published within a year of signing."}
      </p>
      <form action={submit}>
        <FormOutcome state={state} />
        <div className="field">
          <label htmlFor="field-publishedOn">Published on (UTC day)</label>
          <input type="date" id="field-publishedOn" name="publishedOn" required defaultValue={publishedOn ?? ""} />
        </div>
        <button type="submit" className="secondary" disabled={pending}>
          {publishedOn ? "Change publication date" : "Mark published"}
        </button>
      </form>
    </section>
  );
}
