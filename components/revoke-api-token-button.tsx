"use client";

import { useActionState } from "react";
import { formOutcome, type FormState } from "@/lib/forms/form-state";
import { FormOutcome } from "./form-outcome";

type Action = (state: FormState, formData: FormData) => Promise<FormState>;

/** Revokes one token; stays mounted once it is revoked, so the confirmation is still announced. */
export function RevokeApiTokenButton({
  token,
  revoke,
}: {
  token: { id: string; name: string; revoked: boolean };
  revoke: Action;
}) {
  const [state, action, pending] = useActionState(revoke, formOutcome());
  if (token.revoked) return <FormOutcome state={state} />;
  return (
    <form action={action} aria-label={`Revoke the token ${token.name}`}>
      <FormOutcome state={state} />
      <input type="hidden" name="tokenId" value={token.id} />
      <button type="submit" className="danger" disabled={pending}>
        Revoke
      </button>
    </form>
  );
}
