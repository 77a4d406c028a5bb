// One member in a list (followers, search results, blocks): avatar, name, @username, an action.
import type { ReactNode } from "react";
import { profilePath } from "../format/profile";
import type { UserSummary } from "../gen/UserSummary";
import { Link } from "../router";
import { Avatar } from "./Avatar";

/** A list row linking to the member's profile; `children` go on the right (buttons). */
export function UserRow({ user, testId = "user-row", children }: { user: UserSummary; testId?: string; children?: ReactNode }) {
  return (
    <li className="user-row" data-testid={testId} data-username={user.username}>
      <Link href={profilePath(user.username)} className="user-row-link">
        <Avatar user={user} size={40} />
        <span className="grow">
          <span className="user-row-name">{user.display_name}</span>
          <span className="muted-text small"> @{user.username}</span>
        </span>
      </Link>
      {children}
    </li>
  );
}
