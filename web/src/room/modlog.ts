// The moderation log as the room's moderators read it: one sentence per entry
// ("Ada muted Bob · 2 min ago"), and the merge of loaded pages with live entries.
import type { ModAction } from "../gen/ModAction";
import type { ModLogEntry } from "../gen/ModLogEntry";
import type { UserSummary } from "../gen/UserSummary";

function who(u: UserSummary | null, fallback: string): string {
  return u ? u.display_name : fallback;
}

type Sentence = (actor: string, target: string, detail: string) => string;

const SENTENCES: Record<ModAction, Sentence> = {
  muted: (a, t) => `${a} muted ${t}`,
  moved_to_audience: (a, t) => `${a} moved ${t} to the audience`,
  removed: (a, t) => `${a} removed ${t} from the room`,
  invited_to_speak: (a, t) => `${a} invited ${t} to speak`,
  promoted_to_speaker: (_a, t) => `${t} went on stage`,
  made_moderator: (a, t) => `${a} made ${t} a moderator`,
  host_handed_over: (_a, t) => `Server handed the room to ${t} (host disconnected)`,
  pinned_link: (a, _t, d) => (d ? `${a} pinned a link: ${d}` : `${a} pinned a link`),
  unpinned_link: (a) => `${a} unpinned the link`,
  kind_changed: (a, _t, d) => (d ? `${a} made the room ${d}` : `${a} changed who may join`),
  suspended: (a, t) => `${a} (admin) suspended ${t}`,
};

/** The sentence of one entry, without the time. */
export function modLogText(e: ModLogEntry): string {
  return SENTENCES[e.action](who(e.actor, "Server"), who(e.target, "someone"), e.detail ?? "");
}

/** "just now", "2 min ago", "3 h ago", "2 d ago" (empty for a bad timestamp). */
export function agoText(at: string, now: number): string {
  const t = Date.parse(at);
  if (Number.isNaN(t)) return "";
  const s = Math.max(0, Math.floor((now - t) / 1000));
  if (s < 60) return "just now";
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} h ago`;
  return `${Math.floor(h / 24)} d ago`;
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
