import { unstable_rethrow } from "next/navigation";
import { describeError } from "@/lib/errors/describe-error";
import type { FormState } from "./form-state";

/**
 * The one way a server action turns an error into what its form shows. An error that names one of
 * the form's fields appears next to that field (and so do its further fieldErrors); any other is
 * form-wide, in the error's own sentence (an unexpected error is logged once by describeError and
 * shown as the general INTERNAL sentence).
 * Next's control flow (redirect, notFound, forbidden) passes through untouched: it is not a failure.
 */
export function formFailure<Field extends string = never>(
  error: unknown,
  values: Partial<Record<Field, string>>,
  fields: readonly Field[] = [],
): FormState<Field> {
  unstable_rethrow(error);
  const { field, userMessage, fieldErrors: more } = describeError(error);
  const fieldErrors: Partial<Record<Field, string>> = {};
  for (const [name, message] of Object.entries({ ...more, ...(field ? { [field]: userMessage } : {}) })) {
    const formField = fields.find((candidate) => candidate === name);
    if (formField !== undefined) fieldErrors[formField] = message;
  }
  if (Object.keys(fieldErrors).length === 0) return { values, fieldErrors, formError: userMessage };
  return { values, fieldErrors };
}
