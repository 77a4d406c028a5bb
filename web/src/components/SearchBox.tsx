// The member search box in the top bar: results drop down as you type; Enter opens /search.
import { useState, type FormEvent, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { profilePath } from "../format/profile";
import { searchPath } from "../format/people";
import { navigate } from "../router";
import { useMemberSearch } from "../state/useMemberSearch";
import { UserRow } from "./UserRow";

/** The search box with its dropdown. */
export function SearchBox() {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const [open, setOpen] = useState(false);
  const { users, error, q } = useMemberSearch(open ? text : "", 8);

  const close = () => {
    setOpen(false);
    setText("");
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!q) return;
    const only = users?.length === 1 ? users[0] : undefined;
    close();
    navigate(only && only.username === q.toLowerCase() ? profilePath(only.username) : searchPath(q));
  };
  const key = (e: KeyboardEvent) => {
    if (e.key === "Escape") close();
  };

  return (
    <form className="search-box" role="search" onSubmit={submit} onKeyDown={key}>
      <input
        type="search"
        placeholder={t("nav.searchPeople")}
        aria-label={t("nav.searchMembers")}
        data-testid="search-input"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
      />
      {open && q && (
        <div className="search-drop" data-testid="search-results">
          {error && <p className="error-text small">{error}</p>}
          {users === null && !error && <p className="muted-text small">{t("common.searching")}</p>}
          {users?.length === 0 && <p className="muted-text small">{t("nav.nobodyFound")}</p>}
          <ul className="user-list compact" onMouseDown={(e) => e.preventDefault()} onClick={close}>
            {users?.map((u) => <UserRow key={u.id} user={u} testId="search-result" />)}
          </ul>
        </div>
      )}
    </form>
  );
}
