// The admin invite tree as nested lists: each member, when they joined, and whom they brought in.
import { useTranslation } from "react-i18next";
import { descendantCount } from "../format/people";
import { shortDate } from "../i18n/format";
import { profilePath } from "../format/profile";
import type { InviteTreeNode } from "../gen/InviteTreeNode";
import { Link } from "../router";
import { Avatar } from "./Avatar";

/** One node and, below it, everyone it invited. */
function Node({ node }: { node: InviteTreeNode }) {
  const { t } = useTranslation();
  const below = descendantCount(node);
  return (
    <li data-testid="tree-node" data-username={node.user.username}>
      <div className="tree-line">
        <Link href={profilePath(node.user.username)} className="inline-person">
          <Avatar user={node.user} size={20} />
          {node.user.display_name}
        </Link>
        <span className="muted-text small">
          {" "}
          @{node.user.username} · {t("admin.joined", { date: shortDate(node.joined_at) })}
          {below > 0 && t("admin.broughtIn", { count: below })}
        </span>
      </div>
      {node.invited.length > 0 && (
        <ul className="tree">
          {node.invited.map((c) => (
            <Node key={c.user.id} node={c} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** The whole forest. */
export function InviteTreeView({ roots }: { roots: InviteTreeNode[] }) {
  return (
    <ul className="tree tree-root" data-testid="invite-tree">
      {roots.map((r) => (
        <Node key={r.user.id} node={r} />
      ))}
    </ul>
  );
}
