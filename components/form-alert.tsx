import { FormOutcome } from "./form-outcome";

// Kept only until the signing page's forms (signing-form, decline-form) use FormOutcome with their
// state like every other form; then delete this file.
export function FormAlert({ message }: { message?: string }) {
  return <FormOutcome state={{ formError: message }} />;
}
