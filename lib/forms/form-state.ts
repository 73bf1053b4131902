import type { z } from "zod";

/**
 * What a server action hands back to its form: what the person typed, messages per field, a
 * form-wide error, or what was done. Every form has this one shape; components/form-outcome.tsx
 * shows the form-wide part.
 */
export type FormState<Field extends string = never> = {
  values: Partial<Record<Field, string>>;
  fieldErrors: Partial<Record<Field, string>>;
  formError?: string;
  done?: string;
};

/** A state with nothing typed to keep: a form's start, or what was done, or a form-wide refusal. */
export function formOutcome<Field extends string = never>(
  outcome: Pick<FormState, "done" | "formError"> = {},
): FormState<Field> {
  return { values: {}, fieldErrors: {}, ...outcome };
}

export function fieldErrorsOf<Field extends string>(error: z.ZodError): Partial<Record<Field, string>> {
  const errors: Partial<Record<Field, string>> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "") as Field;
    errors[field] ??= issue.message;
  }
  return errors;
}

export function formValues<Field extends string>(formData: FormData, fields: readonly Field[]): Record<Field, string> {
  return Object.fromEntries(fields.map((field) => [field, String(formData.get(field) ?? "")])) as Record<Field, string>;
}
