import type { InputHTMLAttributes } from "react";

type TextFieldProps = {
  name: string;
  label: string;
  error?: string;
  hint?: string;
  multiline?: boolean;
  defaultValue?: string;
} & Omit<InputHTMLAttributes<HTMLInputElement>, "name" | "defaultValue">;

/** A labelled input whose error is announced and tied to it for screen readers. */
export function TextField({ name, label, error, hint, multiline, defaultValue, ...input }: TextFieldProps) {
  const id = `field-${name}`;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  const shared = { id, name, defaultValue, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      {multiline ? <textarea {...shared} required={input.required} /> : <input type="text" {...input} {...shared} />}
      {error ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
