// A read-only text field with a "Copy" button (falls back to selecting the text).
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";

/** Shows `value` and copies it on click; `label` names the field for screen readers. */
export function CopyField({ value, testId, label }: { value: string; testId: string; label: string }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      ref.current?.select();
    }
  };
  return (
    <div className="row">
      <input ref={ref} className="grow mono" readOnly aria-label={label} value={value} data-testid={testId} onFocus={(e) => e.target.select()} />
      <button type="button" className="btn" data-testid={`${testId}-copy`} onClick={copy}>
        {copied ? t("common.copied") : t("common.copy")}
      </button>
    </div>
  );
}
