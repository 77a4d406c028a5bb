// The admin invite tree as nested lists: each member, when they joined, and whom they brought in.
import { descendantCount } from "../format/people";
import { profilePath } from "../format/profile";
import type { InviteTreeNode } from "../gen/InviteTreeNode";
import { Link } from "../router";
import { Avatar } from "./Avatar";

/** One node and, below it, everyone it invited. */
function Node({ node }: { node: InviteTreeNode }) {
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
          @{node.user.username} · joined {new Date(node.joined_at).toLocaleDateString()}
          {below > 0 && ` · brought in ${below}`}
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
