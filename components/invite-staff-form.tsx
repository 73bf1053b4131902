"use client";

import { useActionState } from "react";
import { formOutcome, type FormState } from "@/lib/forms/form-state";
import { FormOutcome } from "./form-outcome";
import { RoleSelect } from "./role-select";
import { TextField } from "./text-field";

type Field = "email" | "role";
type Action = (state: FormState<Field>, formData: FormData) => Promise<FormState<Field>>;

export function InviteStaffForm({ action }: { action: Action }) {
  const [state, formAction, pending] = useActionState(action, formOutcome<Field>());
  const { values, fieldErrors: errors } = state;
  return (
    <form action={formAction} noValidate className="card" aria-labelledby="invite-heading">
      <h2 id="invite-heading">Give someone access</h2>
      <FormOutcome state={state} />
      <TextField
        name="email"
        label="Email"
        type="email"
        hint="The address they will sign in with. They get an email telling them how."
        autoComplete="off"
        defaultValue={values.email}
        error={errors.email}
      />
      <RoleSelect
        id="invite-role"
        name="role"
        label="Role"
        defaultValue={values.role || "publisher"}
        error={errors.role}
      />
      <button type="submit" disabled={pending}>
        {pending ? "Giving access…" : "Give access"}
      </button>
    </form>
  );
}
