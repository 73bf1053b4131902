import type { ChoiceFilterOption } from "@/lib/agreements/search/list-choice-options";

/**
 * The list's filter by the author's answer (`choice=<key>:<value>` in the address): one option
 * per answer, grouped by question. Absent while no template asks anything.
 */
export function ChoiceFilter({ value, options }: { value: string; options: ChoiceFilterOption[] }) {
  if (options.length === 0) return null;
  const questions = new Map<string, ChoiceFilterOption[]>();
  for (const option of options) questions.set(option.key, [...(questions.get(option.key) ?? []), option]);
  return (
    <div className="field">
      <label htmlFor="search-choice">Author’s choice</label>
      <select id="search-choice" name="choice" defaultValue={value}>
        <option value="">Any answer</option>
        {[...questions.entries()].map(([key, answers]) => (
          <optgroup key={key} label={answers[0].question}>
            {answers.map((answer) => (
              <option key={answer.value} value={`${key}:${answer.value}`}>
                {answer.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}
