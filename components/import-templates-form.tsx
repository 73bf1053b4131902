"use client";

import { useActionState } from "react";

type State = { problems: string[]; done?: string };

/** Uploads a templates file; every problem is listed by template and line, and then nothing is stored. */
export function ImportTemplatesForm({ action }: { action: (state: State, formData: FormData) => Promise<State> }) {
  const [state, formAction, pending] = useActionState(action, { problems: [] });
  return (
    <form action={formAction} className="card">
      {state.problems.length > 0 ? (
        <div className="notice error" role="alert">
          <p>Nothing was imported:</p>
          <ul data-testid="import-problems">
            {state.problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {state.done ? (
        <p className="notice ok" role="status">
          {state.done}
        </p>
      ) : null}
      <div className="field">
        <label htmlFor="templates-file">Templates file (YAML or JSON)</label>
        <input id="templates-file" type="file" name="file" accept=".yaml,.yml,.json,text/yaml,application/json" />
      </div>
      <button type="submit" disabled={pending}>
        {pending ? "Importing…" : "Import"}
      </button>
    </form>
  );
}
