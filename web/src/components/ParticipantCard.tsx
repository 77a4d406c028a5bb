// A participant's profile card, opened from their tile without leaving the room: who they are
// (bio, followers), follow / unfollow, a link to the full profile (browsing keeps me in the
// room), the moderator's actions on them, and "Report" (anyone but myself).
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { peopleApi } from "../api/people";
import { followControl, followersLabel, profilePath } from "../format/profile";
import type { ClientMessage } from "../gen/ClientMessage";
import type { Participant } from "../gen/Participant";
import type { Profile } from "../gen/Profile";
import type { UserId } from "../gen/UserId";
import { hasModeratorActions } from "../room/layout";
import { moderatorActions } from "../room/moderation";
import { canReport } from "../room/permissions";
import { useFocusTrap } from "../a11y/useFocusTrap";
import { Link } from "../router";
import { errorText, useLoad } from "../state/useLoad";
import { useToast } from "../state/toasts";
import { Avatar } from "./Avatar";
import { Bio } from "./Bio";
import "./ParticipantCard.css";

interface Props {
  participant: Participant;
  me: UserId;
  /** Whether I moderate (the moderator actions are listed). */
  isModerator: boolean;
  send(msg: ClientMessage): void;
  /** Opens the report dialog for this person (the card closes). */
  onReport(): void;
  onClose(): void;
}

/** A dialog with one person's profile and the actions on them. */
export function ParticipantCard({ participant: p, me, isModerator, send, onReport, onClose }: Props) {
  const { t } = useTranslation();
  const toast = useToast();
  const [profile, setProfile] = useState<Profile | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [version, setVersion] = useState(0);
  const username = p.user.username;
  useLoad(() => peopleApi.profile(username), [username, version], {
    onData: (loaded) => {
      setProfile(loaded);
      setError(null);
    },
    onError: (e) => setError(errorText(e)),
  });
  const isMe = p.user.id === me;
  const follow = profile ? followControl(profile, isMe) : null;
  const toggleFollow = async () => {
    setBusy(true);
    try {
      await (follow === "unfollow" ? peopleApi.unfollow(username) : peopleApi.follow(username));
      setVersion((v) => v + 1);
    } catch (e) {
      toast(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const trap = useFocusTrap<HTMLDivElement>(onClose);
  const actions = hasModeratorActions(isModerator, p, me) ? moderatorActions(p) : [];

  return (
    <div className="overlay" onClick={onClose} data-testid="participant-card" data-username={username}>
      <div ref={trap} className="menu person-card" role="dialog" aria-modal="true" aria-label={p.user.display_name} onClick={(e) => e.stopPropagation()}>
        <div className="menu-head">
          <Avatar user={p.user} size={56} src={profile?.avatar_url} />
          <div className="grow">
            <div className="menu-name">{p.user.display_name}</div>
            <div className="muted-text">@{username}</div>
            {profile && (
              <div className="muted-text small" data-testid="card-followers">
                {followersLabel(profile.followers)}
              </div>
            )}
          </div>
        </div>
        <div className="person-card-body">
          {error && <p className="muted-text small">{error}</p>}
          {!profile && !error && <p className="muted-text small">{t("common.loading")}</p>}
          {profile && <Bio bio={profile.bio} />}
          <div className="row wrap">
            {follow && (
              <button
                type="button"
                className={follow === "follow" ? "btn btn-small btn-primary" : "btn btn-small"}
                data-testid={`card-${follow}`}
                disabled={busy}
                onClick={() => void toggleFollow()}
              >
                {follow === "follow" ? t("card.follow") : t("card.following")}
              </button>
            )}
            <Link href={profilePath(username)} className="btn btn-small" data-testid="card-profile-link" onClick={onClose}>
              {t("card.viewProfile")}
            </Link>
          </div>
        </div>
        {actions.map((a) => (
          <button
            key={a.id}
            type="button"
            className={a.danger ? "menu-item danger" : "menu-item"}
            data-testid={`action-${a.id}`}
            onClick={() => {
              send(a.msg);
              onClose();
            }}
          >
            {a.label}
          </button>
        ))}
        {canReport(p, me) && (
          <button type="button" className="menu-item" data-testid="action-report" onClick={onReport}>
            {t("card.report")}
          </button>
        )}
        <button type="button" className="menu-item subtle" data-testid="card-close" onClick={onClose}>
          {t("common.close")}
        </button>
      </div>
    </div>
  );
}
