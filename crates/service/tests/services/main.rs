//! The domain services driven directly, without HTTP: a real [`stoa_service::Stoa`] over SQLite
//! in a temporary directory and the real SFU on loopback. Each test covers an orchestration
//! that spans services (what one action causes elsewhere), which the server's tests otherwise
//! only reach through the HTTP API.

mod accounts;
mod clubs;
mod cluster;
mod events;
mod fencing;
mod moderation;
mod notices;
mod rooms;
mod social;
mod support;
