//! The authorization matrix: every mutating REST endpoint and WebSocket command × every standing
//! a caller can have, each cell asserting "allowed" or the exact refusal code.
//!
//! * [`standing`]: who calls (anonymous … suspended member) and what a cell expects.
//! * [`world`]: the members, their sessions, and the fresh scene (room, club, event) each row
//!   acts on.
//! * [`actions`]: what each row does, and [`expect`]: the rule table.

pub mod actions;
pub mod expect;
pub mod standing;
pub mod world;
