import type { FormState } from "@/lib/forms/form-state";

/**
 * What a form's action came to, form-wide: the error (announced at once, role="alert") or what was
 * done (announced politely, role="status"). Errors that belong to one field are shown by that field.
 */
export function FormOutcome({ state }: { state: Pick<FormState, "formError" | "done"> }) {
  if (state.formError) {
    return (
      <p className="notice error" role="alert">
        {state.formError}
      </p>
    );
  }
  if (state.done) {
    return (
      <p className="notice ok" role="status">
        {state.done}
      </p>
    );
  }
  return null;
}
