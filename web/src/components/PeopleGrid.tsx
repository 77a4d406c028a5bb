// A titled grid of participant tiles (the stage, or the audience).
import { useEffect, useRef, type RefObject } from "react";
import { useTranslation } from "react-i18next";
import type { Participant } from "../gen/Participant";
import type { UserId } from "../gen/UserId";
import { floatingFor, type Floating } from "../room/reactions";
import { ParticipantTile } from "./ParticipantTile";

interface Props {
  title: string;
  testId: string;
  people: Participant[];
  speaking: ReadonlySet<UserId>;
  me: UserId;
  /** Reactions floating right now (shown over the reacting person's tile). */
  reactions?: Floating[];
  /** Opens the profile card of `p`. */
  onOpenMenu(p: Participant): void;
  size: number;
  /** Told the number of tiles a row whenever the grid's width changes it. */
  onColumns?(n: number): void;
}

/** Reports the column count of the grid in `ref` to `onColumns` as it is laid out. */
function useColumns(ref: RefObject<HTMLDivElement | null>, onColumns: ((n: number) => void) | undefined) {
  useEffect(() => {
    const el = ref.current;
    if (!el || !onColumns || typeof ResizeObserver === "undefined") return;
    const measure = () => {
      const n = getComputedStyle(el).gridTemplateColumns.split(" ").filter(Boolean).length;
      if (n > 0) onColumns(n);
    };
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    measure();
    return () => ro.disconnect();
  });
}

/** The grid (renders an empty hint when nobody is in it). */
export function PeopleGrid({ title, testId, people, speaking, me, onOpenMenu, size, reactions = [], onColumns }: Props) {
  const { t } = useTranslation();
  const gridRef = useRef<HTMLDivElement>(null);
  useColumns(gridRef, onColumns);
  return (
    <section className="people" data-testid={testId}>
      <h2 className="h3">
        {title} <span className="count">{people.length}</span>
      </h2>
      {people.length === 0 ? (
        <p className="muted-text">{t("room.nobodyHere")}</p>
      ) : (
        <div className="grid" ref={gridRef} style={{ gridTemplateColumns: `repeat(auto-fill, minmax(${size + 64}px, 1fr))` }}>
          {people.map((p) => (
            <ParticipantTile
              key={p.user.id}
              participant={p}
              size={size}
              isSelf={p.user.id === me}
              speaking={speaking.has(p.user.id)}
              // Every tile opens that person's profile card (moderators also get their actions there).
              onOpenMenu={() => onOpenMenu(p)}
              reactions={floatingFor(reactions, p.user.id)}
            />
          ))}
        </div>
      )}
    </section>
  );
}
