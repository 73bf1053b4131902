"use client";

import { useActionState } from "react";
import { formOutcome, type FormState } from "@/lib/forms/form-state";
import { FormOutcome } from "./form-outcome";
import { RoleSelect } from "./role-select";

type Action = (state: FormState, formData: FormData) => Promise<FormState>;

/**
 * Change one staff member's role, or end their access. Stays mounted once they are removed, so
 * the confirmation is still there (and announced) after the list re-renders.
 */
export function StaffMemberActions({
  member,
  changeRole,
  remove,
}: {
  member: { id: string; email: string; role: string; removed: boolean };
  changeRole: Action;
  remove: Action;
}) {
  const [changed, changeRoleAction, changing] = useActionState(changeRole, formOutcome());
  const [removed, removeAction, removing] = useActionState(remove, formOutcome());
  if (member.removed) {
    return (
      <div className="stack">
        <FormOutcome state={removed} />
        <span className="hint">Give access again above to restore.</span>
      </div>
    );
  }
  return (
    <div className="stack">
      <form action={changeRoleAction} aria-label={`Change the role of ${member.email}`}>
        <FormOutcome state={changed} />
        <input type="hidden" name="userId" value={member.id} />
        <RoleSelect id={`role-${member.id}`} name="role" label={`Role of ${member.email}`} defaultValue={member.role} />
        <button type="submit" className="secondary" disabled={changing}>
          Change role
        </button>
      </form>
      <form action={removeAction} aria-label={`Remove access for ${member.email}`}>
        <FormOutcome state={removed} />
        <input type="hidden" name="userId" value={member.id} />
        <button type="submit" className="danger" disabled={removing}>
          Remove access
        </button>
      </form>
    </div>
  );
}
