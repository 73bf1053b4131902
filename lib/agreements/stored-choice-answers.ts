import { choiceAnswersSchema, type ChoiceAnswer } from "@/lib/templates/template-definition";

/**
 * An agreement's stored answers (the JSON column) as ChoiceAnswer[]: [] when there are none.
 * Anything else in the column is a bug worth failing loudly on, never a record to misreport.
 */
export function storedChoiceAnswers(stored: unknown): ChoiceAnswer[] {
  if (stored === null || stored === undefined) return [];
  return choiceAnswersSchema.parse(stored);
}
