// The end of a form: the error line, then the submit button and an optional Cancel.
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

interface Props {
  error: string | null;
  errorTestId: string;
  /** Smaller error text (for the small dialogs). */
  small?: boolean;
  submitLabel: ReactNode;
  submitTestId: string;
  /** Disables the submit button while the form is being sent. */
  busy?: boolean;
  onCancel?(): void;
  cancelDisabled?: boolean;
}

/** The error (`role="alert"`) and the button row. */
export function FormActions({ error, errorTestId, small = false, submitLabel, submitTestId, busy, onCancel, cancelDisabled }: Props) {
  const { t } = useTranslation();
  return (
    <>
      {error && (
        <p className={small ? "error-text small" : "error-text"} role="alert" data-testid={errorTestId}>
          {error}
        </p>
      )}
      <div className="row">
        <button className="btn btn-primary" data-testid={submitTestId} disabled={busy}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="btn" onClick={onCancel} disabled={cancelDisabled}>
            {t("common.cancel")}
          </button>
        )}
      </div>
    </>
  );
}
