"use client";

import { useActionState } from "react";
import { formOutcome, type FormState } from "@/lib/forms/form-state";
import { FormOutcome } from "./form-outcome";

/** Staff's "Add a timestamp now": a document timestamp on the newest version of the sealed PDF. */
export function AddTimestampForm({ action }: { action: (state: FormState) => Promise<FormState> }) {
  const [state, add, pending] = useActionState(action, formOutcome());
  return (
    <form action={add}>
      <FormOutcome state={state} />
      <button type="submit" className="secondary" disabled={pending}>
        {pending ? "Asking the timestamp authority…" : "Add a timestamp now"}
      </button>
    </form>
  );
}
