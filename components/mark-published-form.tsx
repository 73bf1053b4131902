"use client";

import { useActionState } from "react";

type State = { error?: string; done?: string };

/** Staff record the day the article was published (clause 7: within a year of signing). */
export function MarkPublishedForm({ action, publishedOn }: { action: (state: State, formData: FormData) => Promise<State>; publishedOn: string | null }) {
  const [state, submit, pending] = useActionState(action, {});
  return (
    <section className="card" aria-labelledby="publication-heading">
      <h2 id="publication-heading">Publication</h2>
      <p className="hint">
        {publishedOn ? `Recorded as published on ${publishedOn}. Correct the day below if needed.` : "Clause 7: the agreement terminates unless the article is published within a year of signing."}
      </p>
      <form action={submit}>
        {state.error ? (
          <p className="notice error" role="alert">
            {state.error}
          </p>
        ) : null}
        {state.done ? (
          <p className="notice ok" role="status">
            {state.done}
          </p>
        ) : null}
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
