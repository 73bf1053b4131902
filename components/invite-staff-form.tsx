"use client";

import { useActionState } from "react";
import type { FormState } from "@/lib/forms/form-state";
import { FormAlert } from "./form-alert";
import { RoleSelect } from "./role-select";
import { TextField } from "./text-field";

type Field = "email" | "role";
type State = FormState<Field> & { done?: string };
type Action = (state: State, formData: FormData) => Promise<State>;

export function InviteStaffForm({ action }: { action: Action }) {
  const [state, formAction, pending] = useActionState(action, { values: {}, fieldErrors: {} });
  const { values, fieldErrors: errors } = state;
  return (
    <form action={formAction} noValidate className="card" aria-labelledby="invite-heading">
      <h2 id="invite-heading">Give someone access</h2>
      <FormAlert message={state.formError} />
      {state.done ? (
        <p className="notice ok" role="status">
          {state.done}
        </p>
      ) : null}
      <TextField name="email" label="Email" type="email" hint="The address they will sign in with. They get an email telling them how." autoComplete="off" defaultValue={values.email} error={errors.email} />
      <RoleSelect id="invite-role" name="role" label="Role" defaultValue={values.role || "publisher"} error={errors.role} />
      <button type="submit" disabled={pending}>
        {pending ? "Giving access…" : "Give access"}
      </button>
    </form>
  );
}
