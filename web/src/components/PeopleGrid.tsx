// A titled grid of participant tiles (the stage, or the audience).
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
}

/** The grid (renders an empty hint when nobody is in it). */
export function PeopleGrid({ title, testId, people, speaking, me, onOpenMenu, size, reactions = [] }: Props) {
  return (
    <section className="people" data-testid={testId}>
      <h2 className="h3">
        {title} <span className="count">{people.length}</span>
      </h2>
      {people.length === 0 ? (
        <p className="muted-text">Nobody here yet.</p>
      ) : (
        <div className="grid" style={{ gridTemplateColumns: `repeat(auto-fill, minmax(${size + 64}px, 1fr))` }}>
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
