// The start-a-room form's club part, shown when the member leads a club: which club the room
// belongs to, and whether only its members may join.
import { useTranslation } from "react-i18next";
import { ledClubs } from "../clubs/permissions";
import { useMyClubs } from "../state/useMyClubs";
import { ClubSelect } from "./ClubSelect";

/** The chosen club (`null`: none) and members-only flag. */
export interface ClubChoice {
  clubId: number | null;
  membersOnly: boolean;
}

/** The `club_id` / `members_only` part of a create-room request. */
export function clubRoomFields(c: ClubChoice): { club_id?: number; members_only?: boolean } {
  return c.clubId === null ? {} : { club_id: c.clubId, members_only: c.membersOnly };
}

/** The select and checkbox (nothing when the member leads no club). */
export function ClubRoomOptions({ value, onChange }: { value: ClubChoice; onChange(c: ClubChoice): void }) {
  const { t } = useTranslation();
  const clubs = ledClubs(useMyClubs() ?? []);
  if (clubs.length === 0) return null;
  return (
    <div className="row wrap align-end club-room-options">
      <ClubSelect testId="new-room-club" clubs={clubs} value={value.clubId} onChange={(clubId) => onChange({ clubId, membersOnly: clubId === null ? false : value.membersOnly })} />
      <label className="check">
        <input
          type="checkbox"
          data-testid="new-room-members-only"
          disabled={value.clubId === null}
          checked={value.membersOnly}
          onChange={(e) => onChange({ ...value, membersOnly: e.target.checked })}
        />
        {t("clubForm.membersOnly")}
      </label>
    </div>
  );
}
