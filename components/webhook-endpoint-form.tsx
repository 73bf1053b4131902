"use client";

import { useActionState } from "react";
import { formOutcome, type FormState } from "@/lib/forms/form-state";
import { WEBHOOK_EVENTS } from "@/lib/webhooks/webhook-events";
import { FormOutcome } from "./form-outcome";
import { TextField } from "./text-field";

type Field = "url" | "description" | "events";
type State = FormState<Field> & { secret?: string };
type Action = (state: State, formData: FormData) => Promise<State>;

/** Register an endpoint; its signing secret is shown here once, right after. */
export function WebhookEndpointForm({ action }: { action: Action }) {
  const [state, formAction, pending] = useActionState<State, FormData>(action, formOutcome<Field>());
  const { values, fieldErrors: errors } = state;
  const chosen = new Set((values.events ?? "").split(",").filter(Boolean));
  return (
    <form action={formAction} noValidate className="card" aria-labelledby="register-webhook-heading">
      <h2 id="register-webhook-heading">Register an endpoint</h2>
      <FormOutcome state={state} />
      {state.secret ? <OneTimeSecret secret={state.secret} /> : null}
      <TextField
        name="url"
        label="URL"
        type="text"
        inputMode="url"
        hint="An https:// address on the internet; private and loopback addresses are refused."
        autoComplete="off"
        defaultValue={values.url}
        error={errors.url}
      />
      <TextField name="description" label="Description (optional)" defaultValue={values.description} />
      <fieldset aria-describedby={errors.events ? "field-events-error" : undefined}>
        <legend>Events</legend>
        {errors.events ? (
          <p className="field-error" id="field-events-error" role="alert">
            {errors.events}
          </p>
        ) : null}
        {Object.entries(WEBHOOK_EVENTS).map(([type, description]) => (
          <label className="checkbox" key={type} htmlFor={`event-${type}`}>
            <input type="checkbox" id={`event-${type}`} name="events" value={type} defaultChecked={chosen.has(type)} />
            <code>{type}</code> — {description}
          </label>
        ))}
      </fieldset>
      <button type="submit" disabled={pending}>
        {pending ? "Registering…" : "Register"}
      </button>
    </form>
  );
}

export function OneTimeSecret({ secret }: { secret: string }) {
  return (
    <div className="notice" role="note">
      <p>
        The signing secret, shown <strong>this once</strong> (only an encrypted copy is kept). Give it to the receiver
        to verify the <code>webhook-signature</code> header:
      </p>
      <p>
        <code className="webhook-secret">{secret}</code>
      </p>
    </div>
  );
}
