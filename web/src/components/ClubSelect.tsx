// "Club" select for a room or event: "No club" or one of the given clubs.
import { useTranslation } from "react-i18next";
import type { ClubSummary } from "../gen/ClubSummary";

/** The labelled select; `onChange` gets the club id, or `null` for "No club". */
export function ClubSelect({ clubs, value, onChange, testId }: { clubs: ClubSummary[]; value: number | null; onChange(id: number | null): void; testId: string }) {
  const { t } = useTranslation();
  return (
    <label className="field">
      <span className="field-label">{t("clubForm.club")}</span>
      <select data-testid={testId} value={value ?? ""} onChange={(e) => onChange(e.target.value ? Number(e.target.value) : null)}>
        <option value="">{t("clubForm.noClub")}</option>
        {clubs.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
    </label>
  );
}
