// The pinned link at the top of a room, for everyone; moderators also get "Pin a link"
// (URL + optional title, checked like the server checks it) and "Unpin".
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { ClientMessage } from "../gen/ClientMessage";
import type { PinnedLink } from "../gen/PinnedLink";
import { MAX_TITLE, MAX_URL, PIN_LINK_ATTRS, pinInput, pinLabel, safeHref, validatePin } from "../room/pinnedLink";
import { useFocusTrap } from "../a11y/useFocusTrap";
import { Field } from "./Field";
import { FormActions } from "./FormActions";
import { PinIcon } from "./icons";

interface Props {
  link: PinnedLink | null;
  /** Whether I may pin and unpin. */
  canPin: boolean;
  send(msg: ClientMessage): void;
}

/** The pin form (a small dialog). */
function PinForm({ current, send, onClose }: { current: PinnedLink | null; send: Props["send"]; onClose(): void }) {
  const { t } = useTranslation();
  const [url, setUrl] = useState(current?.url ?? "");
  const [title, setTitle] = useState(current?.title ?? "");
  const [error, setError] = useState<string | null>(null);
  const trap = useFocusTrap<HTMLFormElement>(onClose);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const input = pinInput(url, title);
    const problem = validatePin(input);
    if (problem) return setError(problem);
    send({ type: "pin_link", url: input.url, title: input.title });
    onClose();
  };
  return (
    <div className="overlay" onClick={onClose}>
      <form
        ref={trap}
        className="menu pin-form"
        role="dialog"
        aria-modal="true"
        aria-label={t("pin.dialog")}
        data-testid="pin-form"
        onClick={(e) => e.stopPropagation()}
        onSubmit={submit}
        noValidate
      >
        <div className="menu-head column">
          <div className="menu-name">{t("pin.dialog")}</div>
          <div className="muted-text small">{t("pin.everyone")}</div>
        </div>
        <Field label={t("pin.url")} data-testid="pin-url" type="url" data-autofocus maxLength={MAX_URL} value={url} onChange={(e) => setUrl(e.target.value)} />
        <Field label={t("pin.titleOptional")} data-testid="pin-title" maxLength={MAX_TITLE} value={title} onChange={(e) => setTitle(e.target.value)} />
        <FormActions error={error} errorTestId="pin-error" small submitLabel={t("pin.submit")} submitTestId="pin-submit" onCancel={onClose} />
      </form>
    </div>
  );
}

/** The pinned link row (renders nothing for non-moderators when nothing is pinned). */
export function PinnedLinkBar({ link, canPin, send }: Props) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  if (!link && !canPin) return null;
  const href = link ? safeHref(link.url) : null;
  return (
    <div className="pinned-link" data-testid="pinned-link-bar">
      {link ? (
        <span className="grow pinned-text" data-testid="pinned-link">
          <PinIcon />{" "}
          {href ? (
            <a href={href} {...PIN_LINK_ATTRS}>
              {pinLabel(link)}
            </a>
          ) : (
            <span>{pinLabel(link)}</span>
          )}
          <span className="muted-text small">{t("pin.pinnedBy", { name: link.by.display_name })}</span>
        </span>
      ) : (
        <span className="grow muted-text small">{t("pin.none")}</span>
      )}
      {canPin && (
        <>
          <button type="button" className="btn btn-small" data-testid="pin-open" onClick={() => setEditing(true)}>
            {t("pin.open")}
          </button>
          {link && (
            <button type="button" className="btn btn-small" data-testid="unpin" onClick={() => send({ type: "unpin_link" })}>
              {t("pin.unpin")}
            </button>
          )}
        </>
      )}
      {editing && <PinForm current={link} send={send} onClose={() => setEditing(false)} />}
    </div>
  );
}
