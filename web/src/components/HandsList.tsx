// For moderators: the audience members with a raised hand, each with "invite to speak".
import { useTranslation } from "react-i18next";
import type { ClientMessage } from "../gen/ClientMessage";
import type { Participant } from "../gen/Participant";
import { Avatar } from "./Avatar";
import { HandIcon } from "./icons";

interface Props {
  /** Audience members with a raised hand, in order of joining. */
  hands: Participant[];
  send(msg: ClientMessage): void;
}

/** The raised-hands panel (renders nothing when no hand is up). */
export function HandsList({ hands, send }: Props) {
  const { t } = useTranslation();
  if (hands.length === 0) return null;
  return (
    <section className="panel hands" data-testid="hands-list">
      <h2 className="h3">
        <HandIcon /> {t("hands.title")} <span className="count">{hands.length}</span>
      </h2>
      <ul>
        {hands.map((p) => (
          <li key={p.user.id} data-testid={`hand-${p.user.username}`}>
            <Avatar user={p.user} size={32} />
            <span className="grow">{p.user.display_name}</span>
            {p.speak_invited ? (
              <span className="muted-text">{t("hands.invited")}</span>
            ) : (
              <button
                type="button"
                className="btn btn-small"
                data-testid={`invite-to-speak-${p.user.username}`}
                onClick={() => send({ type: "invite_to_speak", user_id: p.user.id })}
              >
                {t("hands.invite")}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
