// A member's profile (/users/:username), one's own or another's: who they are, who nominated
// them, counts, the room they are in now, actions, and their followers / following lists.
import { useCallback, useEffect, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { peopleApi, type FollowDirection } from "../api/people";
import { Avatar } from "../components/Avatar";
import { Bio } from "../components/Bio";
import { ErrorPage } from "../components/ErrorPage";
import { FollowList } from "../components/FollowList";
import { ProfileActions } from "../components/ProfileActions";
import { errorKind, errorPage, type ErrorKind } from "../format/errorPages";
import { followersLabel, followingLabel, joinedText, profilePath } from "../format/profile";
import type { Profile } from "../gen/Profile";
import { Link } from "../router";
import { useAuth } from "../state/auth";

/** The profile page. */
export function ProfilePage({ username, me }: { username: string; me: Profile }) {
  const { t } = useTranslation();
  const { setMe } = useAuth();
  const [profile, setProfile] = useState<Profile | null>(null);
  const [error, setError] = useState<ErrorKind | null>(null);
  const [tab, setTab] = useState<FollowDirection | null>(null);
  const [version, setVersion] = useState(0);

  const load = useCallback(() => {
    peopleApi.profile(username).then(
      (p) => {
        setProfile(p);
        setError(null);
        if (p.id === me.id) setMe(p);
      },
      (e: unknown) => setError(errorKind(e, "profile_not_found")),
    );
  }, [username, me.id, setMe, t]);

  useEffect(() => {
    load();
  }, [load]);

  if (error) return <ErrorPage page={errorPage(error, true, username)} testId="profile-error" onRetry={load} />;
  if (!profile) return <main className="page center muted-text">{t("common.loading")}</main>;
  const isMe = profile.id === me.id;
  const room = profile.rooms_now[0];
  const changed = () => {
    setVersion((v) => v + 1);
    load();
  };
  const tabButton = (dir: FollowDirection, label: string) => (
    <button
      type="button"
      className={tab === dir ? "tab active" : "tab"}
      data-testid={`tab-${dir}`}
      aria-pressed={tab === dir}
      onClick={() => setTab(tab === dir ? null : dir)}
    >
      {label}
    </button>
  );

  return (
    <main className="page" data-testid="profile-page" data-username={profile.username}>
      <section className="card profile-card">
        <div className="profile-head">
          <Avatar user={profile} size={96} src={profile.avatar_url} />
          <div className="grow">
            <h1 className="profile-name" data-testid="profile-name">
              {profile.display_name}
            </h1>
            <div className="muted-text" data-testid="profile-username">
              @{profile.username}
              {profile.is_admin && <span className="pill subtle">{t("profile.admin")}</span>}
              {profile.suspended && (
                <span className="pill warn" data-testid="profile-suspended">
                  {t("profile.suspended")}
                </span>
              )}
            </div>
          </div>
        </div>
        {profile.blocked_by_me && (
          <p className="pill warn" data-testid="profile-blocked">
            {t("profile.blockedNote")}
          </p>
        )}
        <Bio bio={profile.bio} />
        <div className="row wrap muted-text small">
          <span data-testid="profile-joined">{joinedText(profile.joined_at)}</span>
          {profile.nominated_by && (
            <span data-testid="profile-nominated-by">
              {t("profile.nominatedBy")}
              <Link href={profilePath(profile.nominated_by.username)} className="inline-person">
                <Avatar user={profile.nominated_by} size={18} />
                {profile.nominated_by.display_name}
              </Link>
            </span>
          )}
        </div>
        <div className="row wrap counts">
          {tabButton("followers", followersLabel(profile.followers))}
          {tabButton("following", followingLabel(profile.following))}
        </div>
        {room && (
          <Link href={`/rooms/${encodeURIComponent(room.id)}`} className="banner in-room" data-testid="profile-room-now">
            <span className="live-dot" aria-hidden />
            <span className="grow">
              <Trans i18nKey="profile.inRoomNow" values={{ title: room.title }} components={[<strong />]} />
            </span>
            <span className="btn btn-small btn-live">{t("common.join")}</span>
          </Link>
        )}
        <ProfileActions profile={profile} isMe={isMe} onChanged={changed} />
      </section>
      {tab && (
        <section>
          <h2 className="section-title">{tab === "followers" ? t("profile.followersTitle") : t("profile.followingTitle")}</h2>
          <FollowList key={`${tab}-${profile.username}-${version}`} username={profile.username} direction={tab} />
        </section>
      )}
    </main>
  );
}
