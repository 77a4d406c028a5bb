// A button that asks before acting: the first click shows "Are you sure?" with Yes / No inline
// (no browser dialog).
import { useState } from "react";
import { useTranslation } from "react-i18next";

interface Props {
  label: string;
  question: string;
  confirmLabel: string;
  testId: string;
  onConfirm(): Promise<void> | void;
  danger?: boolean;
}

/** The button, then the inline question. */
export function ConfirmButton({ label, question, confirmLabel, testId, onConfirm, danger = true }: Props) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const cls = danger ? "btn btn-small danger" : "btn btn-small";
  if (!asking)
    return (
      <button type="button" className={cls} data-testid={testId} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  const yes = async () => {
    setBusy(true);
    try {
      await onConfirm();
    } finally {
      setBusy(false);
      setAsking(false);
    }
  };
  return (
    <span className="row confirm" role="group" aria-label={question}>
      <span className="small">{question}</span>
      <button type="button" className={cls} data-testid={`${testId}-confirm`} disabled={busy} onClick={() => void yes()}>
        {confirmLabel}
      </button>
      <button type="button" className="btn btn-small" data-testid={`${testId}-dismiss`} disabled={busy} onClick={() => setAsking(false)}>
        {t("common.no")}
      </button>
    </span>
  );
}
