// The row of six reaction buttons ("React clap" …, SVG icons shipped with the client). A client-side bucket mirrors the
// server's limit; going over it (or the server answering `rate_limited`) shows a gentle line.
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ClientMessage } from "../gen/ClientMessage";
import type { Reaction } from "../gen/Reaction";
import { fullBucket, noteReactionSent, rateLimitedText, REACTIONS, reactedRecently, reactLabel, takeToken } from "../room/reactions";
import { useSocket } from "../state/socket";
import { ReactionIcon } from "./ReactionIcon";

const NOTE_MS = 2500;

/** The reaction bar. */
export function ReactionBar({ send }: { send(msg: ClientMessage): void }) {
  const { t } = useTranslation();
  const socket = useSocket();
  const bucket = useRef(fullBucket(Date.now()));
  const [slowDown, setSlowDown] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const showNote = () => {
    setSlowDown(true);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => setSlowDown(false), NOTE_MS);
  };

  useEffect(
    () =>
      socket?.subscribe({
        onMessage: (msg) => {
          if (msg.type === "error" && msg.code === "rate_limited" && reactedRecently(Date.now())) showNote();
        },
      }),
    [socket],
  );
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const react = (reaction: Reaction) => {
    const now = Date.now();
    const { bucket: next, ok } = takeToken(bucket.current, now);
    bucket.current = next;
    if (!ok) return showNote();
    noteReactionSent(now);
    send({ type: "react", reaction });
  };

  return (
    <div className="reaction-bar" role="group" aria-label={t("reactions.group")} data-testid="reaction-bar">
      {REACTIONS.map((r) => (
        <button
          key={r}
          type="button"
          className="reaction-btn"
          aria-label={reactLabel(r)}
          title={reactLabel(r)}
          data-testid={`react-${r}`}
          onClick={() => react(r)}
        >
          <ReactionIcon reaction={r} />
        </button>
      ))}
      {slowDown && (
        <span className="muted-text small" role="status" data-testid="reaction-slow-down">
          {rateLimitedText()}
        </span>
      )}
    </div>
  );
}
