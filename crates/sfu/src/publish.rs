//! Whether a peer's microphone is forwarded and, when it is not, why (the drop counters tell
//! the reasons apart).

/// A peer's right to send audio, as the room decides it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Publish {
    /// On stage and not muted: forwarded.
    Allowed,
    /// In the audience: dropped.
    #[default]
    Audience,
    /// On stage but muted (by themselves or a moderator): dropped.
    Muted,
}

impl Publish {
    /// Whether packets are forwarded.
    pub fn allowed(self) -> bool {
        self == Publish::Allowed
    }
}

/// `true` is [`Publish::Allowed`], `false` [`Publish::Audience`].
impl From<bool> for Publish {
    fn from(allowed: bool) -> Self {
        if allowed {
            Publish::Allowed
        } else {
            Publish::Audience
        }
    }
}
