"use client";

import { useActionState } from "react";
import { formOutcome, type FormState } from "@/lib/forms/form-state";
import { FormOutcome } from "./form-outcome";
import { OneTimeSecret } from "./webhook-endpoint-form";

type Action = (state: FormState, formData: FormData) => Promise<FormState>;
type SecretAction = (
  state: FormState & { secret?: string },
  formData: FormData,
) => Promise<FormState & { secret?: string }>;

/** Enable or disable, rotate the secret (the new one shown once), delete. */
export function WebhookEndpointActions({
  endpoint,
  setEnabled,
  rotate,
  remove,
}: {
  endpoint: { id: string; url: string; enabled: boolean };
  setEnabled: Action;
  rotate: SecretAction;
  remove: Action;
}) {
  const [enabled, enabledAction, switching] = useActionState(setEnabled, formOutcome());
  const [rotated, rotateAction, rotating] = useActionState<FormState & { secret?: string }, FormData>(
    rotate,
    formOutcome(),
  );
  const [removed, removeAction, removing] = useActionState(remove, formOutcome());
  return (
    <div className="stack">
      <form action={enabledAction} aria-label={`${endpoint.enabled ? "Disable" : "Enable"} ${endpoint.url}`}>
        <FormOutcome state={enabled} />
        <input type="hidden" name="endpointId" value={endpoint.id} />
        <input type="hidden" name="enabled" value={endpoint.enabled ? "false" : "true"} />
        <button type="submit" className="secondary" disabled={switching}>
          {endpoint.enabled ? "Disable" : "Enable"}
        </button>
      </form>
      <form action={rotateAction} aria-label={`Rotate the secret of ${endpoint.url}`}>
        <FormOutcome state={rotated} />
        {rotated.secret ? <OneTimeSecret secret={rotated.secret} /> : null}
        <input type="hidden" name="endpointId" value={endpoint.id} />
        <button type="submit" className="secondary" disabled={rotating}>
          Rotate secret
        </button>
      </form>
      <form action={removeAction} aria-label={`Delete ${endpoint.url}`}>
        <FormOutcome state={removed} />
        <input type="hidden" name="endpointId" value={endpoint.id} />
        <button type="submit" className="danger" disabled={removing}>
          Delete
        </button>
      </form>
    </div>
  );
}

/** "Send again" for one delivery. */
export function ResendWebhookButton({ deliveryId, resend }: { deliveryId: string; resend: Action }) {
  const [state, action, pending] = useActionState(resend, formOutcome());
  return (
    <form action={action}>
      <FormOutcome state={state} />
      <input type="hidden" name="deliveryId" value={deliveryId} />
      <button type="submit" className="secondary" disabled={pending}>
        Send again
      </button>
    </form>
  );
}
