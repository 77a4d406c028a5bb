// The moderation log as the room's moderators read it: one sentence per entry
// ("Ada muted Bob · 2 min ago"), and the merge of loaded pages with live entries.
import type { ModAction } from "../gen/ModAction";
import type { ModLogEntry } from "../gen/ModLogEntry";
import type { UserSummary } from "../gen/UserSummary";
import { t } from "../i18n";
import { agoText as ago } from "../i18n/format";

function who(u: UserSummary | null, fallback: string): string {
  return u ? u.display_name : fallback;
}

/** A kind-change detail ("open", "social", "closed") in the active language; anything else as it is. */
function kindWord(detail: string): string {
  return detail === "open" || detail === "social" || detail === "closed" ? t(`modlog.kindWord.${detail}`) : detail;
}

/** The sentence of one entry, without the time. */
export function modLogText(e: ModLogEntry): string {
  const actor = who(e.actor, t("modlog.server"));
  const target = who(e.target, t("modlog.someone"));
  const detail = e.detail ?? "";
  const action: ModAction = e.action;
  if (action === "pinned_link" && detail) return t("modlog.pinned_link_detail", { actor, detail });
  if (action === "kind_changed" && detail) return t("modlog.kind_changed_detail", { actor, detail: kindWord(detail) });
  return t(`modlog.${action}`, { actor, target });
}

/** "just now", "2 min. ago", "3 hr. ago", "2 days ago" (empty for a bad timestamp). */
export function agoText(at: string, now: number): string {
  return ago(at, now);
}

/** "Ada muted Bob · 2 min ago". */
export function modLogLine(e: ModLogEntry, now: number): string {
  const ago = agoText(e.at, now);
  return ago ? `${modLogText(e)} · ${ago}` : modLogText(e);
}

/** Entries of both lists once each (by id), newest first. */
export function mergeModLog(a: readonly ModLogEntry[], b: readonly ModLogEntry[]): ModLogEntry[] {
  const byId = new Map<number, ModLogEntry>();
  for (const e of [...a, ...b]) byId.set(e.id, e);
  return [...byId.values()].sort((x, y) => y.id - x.id);
}
