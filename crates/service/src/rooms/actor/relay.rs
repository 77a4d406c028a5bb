//! The origin's half of a member's media on another node: accepting that node's link to the
//! room (an edge, see [`stoa_sfu::relay`]).

use stoa_proto::UserId;
use stoa_sfu::relay::{EdgeOffer, OriginAccept};

use super::RoomTask;
use crate::ServiceError;

impl RoomTask {
    /// Accepts the edge's link for `user`'s media (if `session` is their current connection)
    /// and says whether they may publish now. The permission is recorded in the origin's SFU,
    /// which keeps the room's edges told.
    pub(crate) async fn relay_offer(
        &mut self,
        user: UserId,
        session: u64,
        offer: EdgeOffer,
    ) -> Result<(OriginAccept, bool), ServiceError> {
        if !self.is_current(user, session) {
            return Err(ServiceError::NotInRoom);
        }
        let publish = self.publish_of(user);
        let sfu = self.stoa.sfu();
        sfu.set_can_publish(self.id.clone(), user, publish);
        let accept = sfu.accept_edge(self.id.clone(), offer).await?;
        Ok((accept, publish.allowed()))
    }
}
