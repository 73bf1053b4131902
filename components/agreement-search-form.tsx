import { AGREEMENT_STATUSES, STATUS_LABEL } from "@/lib/agreements/agreement-states";
import { AGREEMENT_FLAGS, MAX_SEARCH_LENGTH, SORT_KEYS, type SortKey } from "@/lib/agreements/search/agreement-query";
import { AGREEMENTS_PATH, FLAG_LABEL, type AgreementQueryValues } from "@/lib/agreements/search/agreement-list-href";
import type { ChoiceFilterOption } from "@/lib/agreements/search/list-choice-options";
import { ChoiceFilter } from "./choice-filter";

export const SORT_LABEL: Record<SortKey, string> = {
  issued: "Issued",
  signed: "Signed",
  title: "Article title",
  author: "Corresponding author",
  paper: "Paper id",
  status: "Status",
};

type Values = AgreementQueryValues;

function Select({
  name,
  label,
  value,
  options,
}: {
  name: string;
  label: string;
  value: string;
  options: { value: string; label: string }[];
}) {
  return (
    <div className="field">
      <label htmlFor={`search-${name}`}>{label}</label>
      <select id={`search-${name}`} name={name} defaultValue={value}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function DateField({ name, label, value }: { name: string; label: string; value: string }) {
  return (
    <div className="field">
      <label htmlFor={`search-${name}`}>{label}</label>
      <input type="date" id={`search-${name}`} name={name} defaultValue={value} />
    </div>
  );
}

/** The list's search: a GET form, so every filter lives in the address and a view can be shared. */
export function AgreementSearchForm({
  values,
  volumes,
  choices = [],
}: {
  values: Values;
  volumes: { id: string; name: string }[];
  choices?: ChoiceFilterOption[];
}) {
  return (
    <form
      method="get"
      action={AGREEMENTS_PATH}
      role="search"
      aria-labelledby="search-heading"
      className="card search-form"
    >
      <h2 id="search-heading">Search and filter</h2>
      <div className="field search-text">
        <label htmlFor="search-q">Search</label>
        <span className="hint" id="search-q-hint">
          Paper id, title, author name or email; any part of it.
        </span>
        <input
          type="search"
          id="search-q"
          name="q"
          defaultValue={values.q}
          maxLength={MAX_SEARCH_LENGTH}
          aria-describedby="search-q-hint"
        />
      </div>
      <div className="search-grid">
        <Select
          name="status"
          label="Status"
          value={values.status}
          options={[
            { value: "", label: "Any status" },
            ...AGREEMENT_STATUSES.map((status) => ({ value: status, label: STATUS_LABEL[status] })),
          ]}
        />
        <Select
          name="volume"
          label="Volume"
          value={values.volume}
          options={[
            { value: "", label: "All volumes" },
            ...volumes.map((volume) => ({ value: volume.id, label: volume.name })),
          ]}
        />
        <Select
          name="flag"
          label="Needs attention"
          value={values.flag}
          options={[
            { value: "", label: "Any (flagged or not)" },
            ...AGREEMENT_FLAGS.map((flag) => ({ value: flag, label: FLAG_LABEL[flag] })),
          ]}
        />
        <ChoiceFilter value={values.choice} options={choices} />
        <DateField name="issuedFrom" label="Issued from" value={values.issuedFrom} />
        <DateField name="issuedTo" label="Issued to (inclusive)" value={values.issuedTo} />
        <DateField name="signedFrom" label="Signed from" value={values.signedFrom} />
        <DateField name="signedTo" label="Signed to (inclusive)" value={values.signedTo} />
        <Select
          name="sort"
          label="Sort by"
          value={values.sort}
          options={SORT_KEYS.map((key) => ({ value: key, label: SORT_LABEL[key] }))}
        />
        <Select
          name="dir"
          label="Order"
          value={values.dir}
          options={[
            { value: "desc", label: "Descending (newest, Z–A)" },
            { value: "asc", label: "Ascending (oldest, A–Z)" },
          ]}
        />
      </div>
      <p className="hint">Dates are whole days in UTC.</p>
      {/* The columns chosen below the results stay chosen through a new search. */}
      {values.cols ? <input type="hidden" name="cols" value={values.cols} /> : null}
      <div className="search-actions">
        <button type="submit">Search</button>
        <a href={AGREEMENTS_PATH}>Clear all filters</a>
      </div>
    </form>
  );
}
