// One person in the room grid: avatar, speaking ring, mute icon, moderator badge, raised hand.
import { useTranslation } from "react-i18next";
import type { Participant } from "../gen/Participant";
import { floatingCount, reactionName, type Floating } from "../room/reactions";
import { Avatar } from "./Avatar";
import { HandIcon, MicOffIcon, StarIcon } from "./icons";
import { ReactionIcon } from "./ReactionIcon";

interface Props {
  participant: Participant;
  speaking: boolean;
  isSelf: boolean;
  /** Opens the person's profile card; absent: the tile is not a button. */
  onOpenMenu?: () => void;
  size?: number;
  /** Reactions floating over this tile right now. */
  reactions?: Floating[];
}

/** A participant tile (a button when it opens a card). */
export function ParticipantTile({ participant: p, speaking, isSelf, onOpenMenu, size = 64, reactions = [] }: Props) {
  const { t } = useTranslation();
  const onStage = p.role !== "audience";
  const classes = ["tile", speaking ? "speaking" : "", p.connected ? "" : "away"].join(" ").trim();
  const body = (
    <>
      <span className="tile-avatar">
        <Avatar user={p.user} size={size} />
        {onStage && p.muted && (
          <span className="tile-muted" data-testid="muted-icon" title={t("tile.muted")}>
            <MicOffIcon />
          </span>
        )}
        {p.hand_raised && (
          <span className="tile-hand" title={t("tile.handRaised")}>
            <HandIcon />
          </span>
        )}
        {reactions.map((f, i) => (
          <span
            // A new key per count restarts the float, so a growing burst stays visible.
            key={`${f.key}-${f.count}`}
            className={f.count > 1 ? "floating-reaction burst" : "floating-reaction"}
            data-testid="floating-reaction"
            data-reaction={f.reaction}
            data-count={f.count}
            role="img"
            aria-label={t("tile.reacted", { name: p.user.display_name, reaction: reactionName(f.reaction) })}
            // Side by side when one person sends several different reactions at once.
            style={{ left: `${50 + ((i % 3) - 1) * 30}%` }}
          >
            <ReactionIcon reaction={f.reaction} size={f.count > 1 ? 24 : 28} />
            {floatingCount(f)}
          </span>
        ))}
      </span>
      <span className="tile-name">
        {p.role === "moderator" && (
          <span className="badge-mod" data-testid="moderator-badge" title={t("tile.moderator")}>
            <StarIcon />
          </span>
        )}
        {p.user.display_name}
        {isSelf && <span className="tile-you"> {t("common.you")}</span>}
      </span>
    </>
  );
  const data = {
    "data-testid": `participant-${p.user.username}`,
    "data-role": p.role,
    "data-muted": String(p.muted),
    "data-speaking": String(speaking),
  };
  if (!onOpenMenu) {
    return (
      <div className={classes} {...data}>
        {body}
      </div>
    );
  }
  return (
    <button type="button" className={`${classes} tile-button`} onClick={onOpenMenu} {...data}>
      {body}
    </button>
  );
}
