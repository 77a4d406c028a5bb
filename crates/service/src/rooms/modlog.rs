//! `GET /api/rooms/{id}/modlog`: a room's moderation log, for site admins and the members who
//! are or ever were a moderator of that room. Kept after the room ends.

use stoa_proto::moderation::ModLog;
use stoa_proto::RoomId;

use super::Rooms;
use crate::accounts::Member;
use crate::notify::{decode_cursor, encode_cursor};
use crate::{validate, ServiceError};

/// Entries per page unless asked otherwise.
const DEFAULT_PAGE: u32 = 50;
/// Most entries per page.
const MAX_PAGE: u32 = 100;

impl Rooms {
    /// One page of room `id`'s moderation log, newest first. Unknown room: `not_found`; not a
    /// site admin nor a (former) moderator of the room: `forbidden`.
    pub async fn room_mod_log(
        &self,
        member: &Member,
        id: &RoomId,
        cursor: Option<&str>,
        limit: Option<u32>,
    ) -> Result<ModLog, ServiceError> {
        let limit = validate::page_limit(limit, DEFAULT_PAGE, MAX_PAGE)?;
        let before = cursor.map(decode_cursor).transpose()?;
        if self.store().room(id).await?.is_none() {
            return Err(ServiceError::NotFound("room"));
        }
        let me = member.record.id;
        if !member.record.is_admin && !self.store().was_room_moderator(id, me).await? {
            return Err(ServiceError::Forbidden(
                "only the room's moderators and site admins can read its log".to_string(),
            ));
        }
        // One extra entry says whether there is a next page.
        let mut entries = self.store().mod_log(id, before, limit + 1).await?;
        let more = entries.len() > limit as usize;
        entries.truncate(limit as usize);
        let next_cursor = match entries.last() {
            Some(last) if more => Some(encode_cursor(last.id)),
            _ => None,
        };
        Ok(ModLog {
            entries,
            next_cursor,
        })
    }
}
