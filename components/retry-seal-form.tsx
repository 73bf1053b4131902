"use client";

import { useActionState } from "react";
import { formOutcome, type FormState } from "@/lib/forms/form-state";
import { FormOutcome } from "./form-outcome";

/** Staff's "Retry sealing" for a seal that failed; a refusal (someone retried first) is said here. */
export function RetrySealForm({ action }: { action: (state: FormState) => Promise<FormState> }) {
  const [state, retry, pending] = useActionState(action, formOutcome());
  return (
    <form action={retry}>
      <FormOutcome state={state} />
      <button type="submit" className="secondary" disabled={pending}>
        Retry sealing
      </button>
    </form>
  );
}
