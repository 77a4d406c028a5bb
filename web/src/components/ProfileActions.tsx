// The buttons under a profile: follow / unfollow, block / unblock, copy the share link, edit,
// report.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { peopleApi } from "../api/people";
import { profileShareUrl } from "../format/profile";
import type { Profile } from "../gen/Profile";
import { Link } from "../router";
import { useToast } from "../state/toasts";
import { ReportDialog } from "./ReportDialog";

interface Props {
  profile: Profile;
  isMe: boolean;
  /** Called after a change so the page reloads the profile (counts, flags). */
  onChanged(): void;
}

/** Profile actions; every change goes to the server and then reloads the profile. */
export function ProfileActions({ profile, isMe, onChanged }: Props) {
  const { t } = useTranslation();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const [copied, setCopied] = useState(false);
  const [reporting, setReporting] = useState(false);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    try {
      await action();
      onChanged();
    } catch (e) {
      toast(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const share = async () => {
    const url = profileShareUrl(location.origin, profile.username);
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      toast(t("profile.shareLink", { url }), "info");
    }
  };
  const name = profile.username;

  return (
    <div className="row wrap profile-actions">
      {isMe ? (
        <Link href="/settings/profile" className="btn btn-primary" data-testid="edit-profile">
          {t("profile.edit")}
        </Link>
      ) : (
        !profile.blocked_by_me &&
        (profile.followed_by_me ? (
          <button type="button" className="btn" title={t("profile.unfollow")} data-testid="unfollow" disabled={busy} onClick={() => void run(() => peopleApi.unfollow(name))}>
            {t("profile.followingButton")}
          </button>
        ) : (
          <button type="button" className="btn btn-primary" data-testid="follow" disabled={busy} onClick={() => void run(() => peopleApi.follow(name))}>
            {t("profile.follow")}
          </button>
        ))
      )}
      <button type="button" className="btn" data-testid="copy-profile-link" onClick={() => void share()}>
        {copied ? t("profile.linkCopied") : t("profile.copyLink")}
      </button>
      {isMe && (
        <Link href="/blocks" className="btn" data-testid="blocks-link">
          {t("profile.blocks")}
        </Link>
      )}
      {!isMe &&
        (profile.blocked_by_me ? (
          <button type="button" className="btn" data-testid="unblock" disabled={busy} onClick={() => void run(() => peopleApi.unblock(name))}>
            {t("profile.unblock")}
          </button>
        ) : (
          <button type="button" className="btn danger" data-testid="block" disabled={busy} onClick={() => void run(() => peopleApi.block(name))}>
            {t("profile.block")}
          </button>
        ))}
      {!isMe && (
        <button type="button" className="btn" data-testid="report-user" onClick={() => setReporting(true)}>
          {t("profile.report")}
        </button>
      )}
      {reporting && (
        <ReportDialog target={{ username: name }} name={`${profile.display_name} (@${name})`} onClose={() => setReporting(false)} />
      )}
    </div>
  );
}
