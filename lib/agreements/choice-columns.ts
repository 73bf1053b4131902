import type { ChoiceAnswer } from "@/lib/templates/template-definition";

/**
 * The author's answers as table columns, three per question key: `choice_<key>_value` (the
 * option's stable id), `choice_<key>_label` (what the author read) and `choice_<key>_detail` (the
 * short text the option asked for). The suffix never contains "_", so two keys never share a
 * column. Used by the CSV/JSON exports and the volume bundle's manifest alike.
 */
export type ChoiceColumns = Record<`choice_${string}`, string | null>;

export function choiceColumns(answers: ChoiceAnswer[]): ChoiceColumns {
  const columns: ChoiceColumns = {};
  for (const answer of answers) {
    columns[`choice_${answer.key}_value`] = answer.value;
    columns[`choice_${answer.key}_label`] = answer.label;
    columns[`choice_${answer.key}_detail`] = answer.detail ?? null;
  }
  return columns;
}

/** The fixed columns, then each question's columns in the order the rows first answer them. */
export function columnsWithChoices<Column extends string>(fixed: readonly Column[], rows: object[]): Column[] {
  const columns = new Set<string>(fixed);
  for (const row of rows) for (const column of Object.keys(row)) if (column.startsWith("choice_")) columns.add(column);
  return [...columns] as Column[];
}
