// Labelled form inputs.
import type { InputHTMLAttributes, TextareaHTMLAttributes } from "react";

/** `<label>` + `<input>` with an optional hint. */
export function Field({ label, hint, ...input }: InputHTMLAttributes<HTMLInputElement> & { label: string; hint?: string }) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <input {...input} />
      {hint && <span className="field-hint">{hint}</span>}
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
