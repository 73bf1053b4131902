const ROLES = [
  { value: "admin", label: "Admin — everything, including the staff team" },
  { value: "publisher", label: "Publisher — issues and corrects agreements, runs imports" },
  { value: "auditor", label: "Auditor — reads and downloads, changes nothing" },
];

/** A labelled role picker; its error is announced and tied to it like a text field's. */
export function RoleSelect({
  id,
  name,
  label,
  defaultValue,
  error,
  only,
}: {
  id: string;
  name: string;
  label: string;
  defaultValue?: string;
  error?: string;
  /** The roles offered, when not all of them may be chosen. */
  only?: readonly string[];
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        name={name}
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        {ROLES.filter((role) => !only || only.includes(role.value)).map((role) => (
          <option key={role.value} value={role.value}>
            {role.label}
          </option>
        ))}
      </select>
      {error ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
