"use client";

import { useActionState } from "react";
import { RoleSelect } from "./role-select";

type State = { error?: string; done?: string };
type Action = (state: State, formData: FormData) => Promise<State>;

function Outcome({ state }: { state: State }) {
  if (state.error) return <p className="notice error" role="alert">{state.error}</p>;
  if (state.done) return <p className="notice ok" role="status">{state.done}</p>;
  return null;
}

/**
 * Change one staff member's role, or end their access. Stays mounted once they are removed, so
 * the confirmation is still there (and announced) after the list re-renders.
 */
export function StaffMemberActions({ member, changeRole, remove }: { member: { id: string; email: string; role: string; removed: boolean }; changeRole: Action; remove: Action }) {
  const [changed, changeRoleAction, changing] = useActionState(changeRole, {});
  const [removed, removeAction, removing] = useActionState(remove, {});
  if (member.removed) {
    return (
      <div className="stack">
        <Outcome state={removed} />
        <span className="hint">Give access again above to restore.</span>
      </div>
    );
  }
  return (
    <div className="stack">
      <form action={changeRoleAction} aria-label={`Change the role of ${member.email}`}>
        <Outcome state={changed} />
        <input type="hidden" name="userId" value={member.id} />
        <RoleSelect id={`role-${member.id}`} name="role" label={`Role of ${member.email}`} defaultValue={member.role} />
        <button type="submit" className="secondary" disabled={changing}>
          Change role
        </button>
      </form>
      <form action={removeAction} aria-label={`Remove access for ${member.email}`}>
        <Outcome state={removed} />
        <input type="hidden" name="userId" value={member.id} />
        <button type="submit" className="danger" disabled={removing}>
          Remove access
        </button>
      </form>
    </div>
  );
}
