// The author's answers to a template's choices: how the signing form names its fields, and the
// one check of what was submitted against what the template version asks. Pure (no server-only):
// the signing form names its fields with it, signAgreement checks with it.
import type { ChoiceAnswer, TemplateChoice } from "@/lib/templates/template-definition";
import { cleanUserText } from "@/lib/text/user-text";
import { formatCount } from "@/lib/text/format-count";

export type ChoiceFieldName = `choice.${string}`;
export const isChoiceField = (name: string): name is ChoiceFieldName => name.startsWith("choice.");

/** The form field of a question (a radio group): `choice.<key>`. */
export const choiceField = (key: string): ChoiceFieldName => `choice.${key}`;
/** The form field of an option's short text: `choice.<key>.<value>.detail`. */
export const choiceDetailField = (key: string, value: string): ChoiceFieldName => `choice.${key}.${value}.detail`;

/** What the form sent for one question: the option's value and, if it asks for one, its text. */
export type SubmittedChoice = { value?: string; detail?: string };
export type SubmittedChoices = Record<string, SubmittedChoice>;

/** Every answer the form sent, read from its fields (anything else in the form is ignored). */
export function submittedChoices(formData: Iterable<[string, unknown]>): {
  submitted: SubmittedChoices;
  values: Record<ChoiceFieldName, string>;
} {
  const submitted: SubmittedChoices = {};
  const values: Record<ChoiceFieldName, string> = {};
  for (const [name, raw] of formData) {
    if (typeof raw !== "string" || !isChoiceField(name)) continue;
    values[name] = raw;
    const [, key, ...rest] = name.split(".");
    if (!key) continue;
    submitted[key] ??= {};
    if (rest.length === 0) submitted[key].value = raw;
  }
  // The detail counts only for the option chosen: the others' boxes may hold leftovers.
  for (const [key, answer] of Object.entries(submitted)) {
    if (answer.value !== undefined) answer.detail = values[choiceDetailField(key, answer.value)];
  }
  return { submitted, values };
}

export type CheckedChoices = { ok: true; answers: ChoiceAnswer[] } | { ok: false; fieldErrors: Record<string, string> };

/**
 * The answers to every question, in the template's order, each copied with its question and label
 * so that the record reads on its own; or, per field, why not: no option chosen, an option the
 * question does not have, or a missing, unclean or too long text where the option asks for one.
 */
export function checkChoiceAnswers(choices: TemplateChoice[], submitted: SubmittedChoices): CheckedChoices {
  const answers: ChoiceAnswer[] = [];
  const fieldErrors: Record<string, string> = {};
  for (const choice of choices) {
    const given = submitted[choice.key] ?? {};
    const option = choice.options.find(({ value }) => value === given.value);
    if (!option) {
      fieldErrors[choiceField(choice.key)] = given.value
        ? `“${given.value}” is not one of the answers to “${choice.question}”. Choose one of those listed.`
        : `Choose an answer to “${choice.question}”.`;
      continue;
    }
    const answer: ChoiceAnswer = {
      key: choice.key,
      question: choice.question,
      value: option.value,
      label: option.label,
    };
    if (option.detail) {
      const field = choiceDetailField(choice.key, option.value);
      const cleaned = cleanUserText(given.detail ?? "", { label: option.detail.label });
      if (!cleaned.ok) {
        fieldErrors[field] = cleaned.message;
        continue;
      }
      if (cleaned.value === "") {
        fieldErrors[field] = `You chose “${option.label}”: fill in “${option.detail.label}”.`;
        continue;
      }
      if (cleaned.value.length > option.detail.maxLength) {
        fieldErrors[field] =
          `“${option.detail.label}” must be at most ${formatCount(option.detail.maxLength)} characters ` +
          `(it has ${formatCount(cleaned.value.length)}).`;
        continue;
      }
      answer.detail = cleaned.value;
    }
    answers.push(answer);
  }
  return Object.keys(fieldErrors).length > 0 ? { ok: false, fieldErrors } : { ok: true, answers };
}
