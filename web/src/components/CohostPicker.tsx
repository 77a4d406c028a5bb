// Co-host picker: usernames as removable chips, and a member search that adds them.
import { useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { MAX_COHOSTS, cleanCohosts } from "../forms/event";
import { useMemberSearch } from "../state/useMemberSearch";
import { Avatar } from "./Avatar";

/** The picker; `value` is the list of usernames. */
export function CohostPicker({ value, onChange }: { value: string[]; onChange(v: string[]): void }) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const [open, setOpen] = useState(false);
  const { users, q } = useMemberSearch(open ? text : "", 6);
  const full = value.length >= MAX_COHOSTS;
  const add = (username: string) => {
    onChange(cleanCohosts([...value, username]));
    setText("");
  };
  const key = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "Enter") {
      e.preventDefault();
      if (text.trim() && !full) add(text);
    } else if (e.key === "Escape") setOpen(false);
  };
  return (
    <div className="field cohosts">
      <label className="field-label" htmlFor="event-cohost-input">
        {t("eventForm.cohosts")}
      </label>
      {value.length > 0 && (
        <ul className="chips" data-testid="event-cohosts">
          {value.map((u) => (
            <li key={u} className="chip" data-username={u}>
              @{u}
              <button type="button" className="chip-x" aria-label={t("eventForm.removeCohost", { username: u })} onClick={() => onChange(value.filter((x) => x !== u))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="search-box cohost-search">
        <input
          id="event-cohost-input"
          type="search"
          data-testid="event-cohost-input"
          placeholder={full ? t("eventForm.cohostsFull", { max: MAX_COHOSTS }) : t("eventForm.cohostsSearch")}
          disabled={full}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setOpen(true);
          }}
          onKeyDown={key}
          onFocus={() => setOpen(true)}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
        />
        {open && q && users && users.length > 0 && (
          <ul className="search-drop user-list compact" data-testid="event-cohost-results" onMouseDown={(e) => e.preventDefault()}>
            {users.map((u) => (
              <li key={u.id}>
                <button type="button" className="user-row cohost-option" data-testid="event-cohost-option" data-username={u.username} onClick={() => add(u.username)}>
                  <Avatar user={u} size={28} />
                  <span className="user-row-name">{u.display_name}</span>
                  <span className="muted-text small">@{u.username}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      <span className="field-hint">{t("eventForm.cohostsHint", { max: MAX_COHOSTS })}</span>
    </div>
  );
}
