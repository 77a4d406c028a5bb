// A titled grid of participant tiles (the stage, or the audience).
import type { Participant } from "../gen/Participant";
import type { UserId } from "../gen/UserId";
import { canOpenMenu } from "../room/layout";
import { ParticipantTile } from "./ParticipantTile";

interface Props {
  title: string;
  testId: string;
  people: Participant[];
  speaking: ReadonlySet<UserId>;
  me: UserId;
  /** Whether I moderate (tiles of others then open the menu). */
  canModerate: boolean;
  onOpenMenu(p: Participant): void;
  size: number;
}

/** The grid (renders an empty hint when nobody is in it). */
export function PeopleGrid({ title, testId, people, speaking, me, canModerate, onOpenMenu, size }: Props) {
  return (
    <section className="people" data-testid={testId}>
      <h3>
        {title} <span className="count">{people.length}</span>
      </h3>
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
              onOpenMenu={canOpenMenu(canModerate, p, me) ? () => onOpenMenu(p) : undefined}
            />
          ))}
        </div>
      )}
    </section>
  );
}
