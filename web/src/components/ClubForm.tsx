// The club form (create and edit): name, description, rules, how people join.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { validateClub, type ClubFields } from "../forms/club";
import type { ClubJoinPolicy } from "../gen/ClubJoinPolicy";
import { Field, TextAreaField } from "./Field";
import { FormActions } from "./FormActions";
import { useSubmit } from "./useSubmit";

interface Props {
  initial: ClubFields;
  submitLabel: string;
  onSubmit(f: ClubFields): Promise<void>;
  onCancel?(): void;
}

const POLICIES: { value: ClubJoinPolicy; label: "clubForm.open" | "clubForm.approval"; help: "clubForm.openHelp" | "clubForm.approvalHelp" }[] = [
  { value: "open", label: "clubForm.open", help: "clubForm.openHelp" },
  { value: "approval", label: "clubForm.approval", help: "clubForm.approvalHelp" },
];

/** The form; errors from `onSubmit` are shown under it. */
export function ClubForm({ initial, submitLabel, onSubmit, onCancel }: Props) {
  const { t } = useTranslation();
  const [f, setF] = useState<ClubFields>(initial);
  const { error, setError, busy, run } = useSubmit();
  const set = <K extends keyof ClubFields>(k: K, v: ClubFields[K]) => setF((old) => ({ ...old, [k]: v }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const problem = validateClub(f);
    if (problem) return setError(problem);
    await run(() => onSubmit(f));
  };
  return (
    <form className="card edit-form" onSubmit={submit} data-testid="club-form" aria-label={submitLabel}>
      <Field label={t("clubForm.name")} data-testid="club-name" maxLength={50} value={f.name} onChange={(e) => set("name", e.target.value)} required />
      <TextAreaField label={t("clubForm.description")} data-testid="club-description" rows={3} maxLength={1000} value={f.description} onChange={(e) => set("description", e.target.value)} />
      <TextAreaField label={t("clubForm.rules")} data-testid="club-rules" rows={4} maxLength={2000} value={f.rules} onChange={(e) => set("rules", e.target.value)} />
      <div className="kind-choice" role="radiogroup" aria-label={t("clubForm.whoCanJoin")}>
        {POLICIES.map((p) => (
          <label key={p.value} className={p.value === f.joinPolicy ? "kind-option selected" : "kind-option"} data-testid={`club-policy-${p.value}`}>
            <input type="radio" name="club-policy" value={p.value} checked={p.value === f.joinPolicy} onChange={() => set("joinPolicy", p.value)} />
            <span className="kind-name">{t(p.label)}</span>
            <span className="kind-help">{t(p.help)}</span>
          </label>
        ))}
      </div>
      <FormActions error={error} errorTestId="form-error" submitLabel={submitLabel} submitTestId="club-submit" busy={busy} onCancel={onCancel} cancelDisabled={busy} />
    </form>
  );
}
