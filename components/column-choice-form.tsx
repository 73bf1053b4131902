import { ALWAYS_SHOWN, COLUMN_LABEL, LIST_COLUMNS, type ListColumn } from "@/lib/agreements/search/list-columns";
import { AGREEMENTS_PATH, type AgreementQueryValues } from "@/lib/agreements/search/agreement-list-href";

/**
 * Which columns the list shows: a GET form like the search, so the choice lives in the address
 * (and so in paging, sorting and export links) and works without JavaScript. The current filters
 * and page go along as hidden fields.
 */
export function ColumnChoiceForm({
  columns,
  values,
  page,
}: {
  columns: readonly ListColumn[];
  values: AgreementQueryValues;
  page: number;
}) {
  const kept = Object.entries(values).filter(([name, value]) => value && name !== "cols");
  return (
    <details className="column-choice">
      <summary>Choose columns</summary>
      <form method="get" action={AGREEMENTS_PATH}>
        {kept.map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        {page > 1 ? <input type="hidden" name="page" value={page} /> : null}
        {/* Sent even with every box cleared, so "none" reads as "the title only", not "the defaults". */}
        <input type="hidden" name="cols" value={ALWAYS_SHOWN} />
        <fieldset>
          <legend>Columns shown</legend>
          {LIST_COLUMNS.filter((column) => column !== ALWAYS_SHOWN).map((column) => (
            <label key={column}>
              <input type="checkbox" name="cols" value={column} defaultChecked={columns.includes(column)} />
              {COLUMN_LABEL[column]}
            </label>
          ))}
          <button type="submit" className="secondary">
            Show these columns
          </button>
        </fieldset>
      </form>
    </details>
  );
}
