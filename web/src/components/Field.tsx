// Labelled form inputs.
import { useId, type InputHTMLAttributes, type TextareaHTMLAttributes } from "react";

type FieldProps = InputHTMLAttributes<HTMLInputElement> & {
  label: string;
  hint?: string;
  /** This field's problem, shown beside it (and announced) until it is fixed. */
  error?: string;
};

/** `<label>` + `<input>` with an optional hint and error. */
export function Field({ label, hint, error, ...input }: FieldProps) {
  const id = useId();
  const testId = (input as { "data-testid"?: string })["data-testid"];
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <input {...input} aria-invalid={error ? true : undefined} aria-describedby={described || undefined} />
      {hint && (
        <span className="field-hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span className="field-hint error-text" id={`${id}-error`} data-testid={testId ? `${testId}-error` : undefined}>
          {error}
        </span>
      )}
    </label>
  );
}

/** `<label>` + `<textarea>`. */
export function TextAreaField({ label, ...textarea }: TextareaHTMLAttributes<HTMLTextAreaElement> & { label: string }) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <textarea {...textarea} />
    </label>
  );
}
