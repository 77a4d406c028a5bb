//! The moderation service: reports and the admins' queue ([`crate::reports`]), suspensions
//! ([`crate::suspension`]), admin tools ([`crate::admin`]) and the operator's commands
//! ([`crate::operator`]).

use std::sync::Arc;

use stoa_store::Store;

use crate::accounts::Accounts;
use crate::notify::Notifications;
use crate::rooms::Rooms;
use crate::social::Social;
use crate::ServiceConfig;

/// Reports, suspensions, admin tools and operator commands. A suspension reaches into rooms
/// (taking the member out of each) and accounts (closing their connections). Clone it freely.
#[derive(Clone)]
pub struct Moderation {
    store: Arc<dyn Store>,
    config: Arc<ServiceConfig>,
    notifications: Notifications,
    rooms: Rooms,
    social: Social,
    accounts: Accounts,
}

impl Moderation {
    pub(crate) fn new(
        store: Arc<dyn Store>,
        config: Arc<ServiceConfig>,
        notifications: Notifications,
        rooms: Rooms,
        social: Social,
        accounts: Accounts,
    ) -> Self {
        Self {
            store,
            config,
            notifications,
            rooms,
            social,
            accounts,
        }
    }

    pub(crate) fn store(&self) -> &dyn Store {
        self.store.as_ref()
    }

    pub(crate) fn config(&self) -> &ServiceConfig {
        &self.config
    }

    pub(crate) fn notifications(&self) -> &Notifications {
        &self.notifications
    }

    pub(crate) fn rooms(&self) -> &Rooms {
        &self.rooms
    }

    pub(crate) fn social(&self) -> &Social {
        &self.social
    }

    pub(crate) fn accounts(&self) -> &Accounts {
        &self.accounts
    }
}
