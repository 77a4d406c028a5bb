//! Turning one client text frame into a command, or into the refusal the client is told
//! (`error {code: bad_request, message, id?}`).
//!
//! A command is a JSON object with a `type` and the command's fields, and optionally an `id`
//! ([`CommandId`]: an integer, or a string of at most [`CommandId::MAX_CHARS`] characters) that
//! the server echoes in the `error` the command causes. Refusals never echo the frame: quoted
//! input in a parser message is cut to [`MAX_QUOTED`] characters, the whole message to
//! [`MAX_MESSAGE`], so a reply is small whatever the frame held.

use serde::Deserialize;
use serde_json::Value;
use stoa_proto::ws::{ClientMessage, CommandId};

/// Most characters of quoted client input kept in a refusal's message.
pub(crate) const MAX_QUOTED: usize = 32;
/// Most characters of a refusal's message.
pub(crate) const MAX_MESSAGE: usize = 240;

/// A parsed command.
#[derive(Debug, PartialEq)]
pub(crate) struct Command {
    /// The client's label for it.
    pub id: Option<CommandId>,
    /// The command.
    pub message: ClientMessage,
}

/// Why a frame is not a command (always `bad_request`).
#[derive(Debug, PartialEq)]
pub(crate) struct Refusal {
    /// The frame's `id`, when it had a valid one.
    pub id: Option<CommandId>,
    /// What was wrong, short.
    pub message: String,
}

/// Parses one text frame.
pub(crate) fn parse(text: &str) -> Result<Command, Refusal> {
    let refuse = |id: Option<CommandId>, why: &str| Refusal {
        id,
        message: shorten(&format!("bad message: {why}")),
    };
    let value: Value = serde_json::from_str(text).map_err(|e| refuse(None, &e.to_string()))?;
    let Value::Object(fields) = &value else {
        return Err(refuse(None, "expected a JSON object with a `type`"));
    };
    let id = match fields.get("id") {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) if n.is_i64() => n.as_i64().map(CommandId::Number),
        Some(Value::String(s)) if s.chars().count() <= CommandId::MAX_CHARS => {
            Some(CommandId::Text(s.clone()))
        }
        Some(_) => {
            return Err(refuse(
                None,
                "`id` must be an integer or a string of at most 64 characters",
            ))
        }
    };
    match ClientMessage::deserialize(value) {
        Ok(message) => Ok(Command { id, message }),
        Err(e) => Err(refuse(id, &e.to_string())),
    }
}

/// `message` with every quoted run (between backticks or double quotes) cut to [`MAX_QUOTED`]
/// characters and the whole cut to [`MAX_MESSAGE`], marking each cut with `…`.
fn shorten(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(MAX_MESSAGE * 4));
    let mut quote: Option<char> = None;
    let (mut quoted, mut total) = (0usize, 0usize);
    for c in message.chars() {
        if total >= MAX_MESSAGE {
            out.push('…');
            break;
        }
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {
                quoted += 1;
                if quoted > MAX_QUOTED {
                    if quoted == MAX_QUOTED + 1 {
                        out.push('…');
                        total += 1;
                    }
                    continue;
                }
            }
            None if c == '`' || c == '"' => {
                quote = Some(c);
                quoted = 0;
            }
            None => {}
        }
        out.push(c);
        total += 1;
    }
    out
}

#[cfg(test)]
mod fuzz;

#[cfg(test)]
mod tests {
    use super::*;
    use stoa_proto::{RoomId, UserId};

    #[test]
    fn a_command_parses_with_or_without_an_id() {
        let plain = parse(r#"{"type":"raise_hand"}"#).expect("command");
        assert_eq!((plain.id, plain.message), (None, ClientMessage::RaiseHand));
        let named = parse(r#"{"type":"join_room","room_id":"r1","id":"c-1"}"#).expect("cmd");
        assert_eq!(named.id, Some(CommandId::Text("c-1".into())));
        assert_eq!(
            named.message,
            ClientMessage::JoinRoom {
                room_id: RoomId("r1".into())
            }
        );
        let numbered = parse(r#"{"id":7,"type":"mute","user_id":3}"#).expect("command");
        assert_eq!(numbered.id, Some(CommandId::Number(7)));
        assert_eq!(numbered.message, ClientMessage::Mute { user_id: UserId(3) });
    }

    #[test]
    fn a_refusal_keeps_a_valid_id_and_never_echoes_much_of_the_frame() {
        let long = "x".repeat(60_000);
        let refused = parse(&format!(r#"{{"type":"{long}","id":12}}"#)).expect_err("refused");
        assert_eq!(refused.id, Some(CommandId::Number(12)));
        assert!(refused.message.contains("xxxx…"), "{}", refused.message);
        assert!(
            refused.message.chars().count() <= MAX_MESSAGE + 1,
            "{}",
            refused.message
        );
        let bad_field = parse(&format!(r#"{{"type":"mute","user_id":"{long}"}}"#));
        assert!(bad_field.expect_err("refused").message.len() < 400);
        for bad_id in [
            format!(r#"{{"type":"raise_hand","id":"{long}"}}"#),
            r#"{"type":"raise_hand","id":1.5}"#.to_string(),
            r#"{"type":"raise_hand","id":[1]}"#.to_string(),
        ] {
            let refused = parse(&bad_id).expect_err("bad id refused");
            assert_eq!(refused.id, None);
            assert!(refused.message.contains("`id`"), "{}", refused.message);
        }
        for junk in ["", "[]", "null", "{", "\"x\"", "{\"type\":7}"] {
            assert!(parse(junk).is_err(), "{junk:?}");
        }
    }
}
