//! Bench members. On a server the bench starts itself, accounts and session tokens are written
//! straight into its empty database before it starts (one shared argon2 hash: thousands of real
//! sign-ups would cost minutes of argon2 CPU). Against an external server they sign up through the
//! API with a bootstrap invite.

use std::path::Path;

use anyhow::Context;
use chrono::{Duration, Utc};
use stoa_client::ApiClient;
use stoa_proto::rest::SignupRequest;
use stoa_service::secrets;
use stoa_store::traits::*;
use stoa_store::{NewAccount, SqliteStore};

/// The password every bench member has.
pub const PASSWORD: &str = "bench-password";

/// A bench member: username and bearer token.
#[derive(Debug, Clone)]
pub struct Member {
    /// Username (`bench0`, `bench1`, …; `bench0` is the admin).
    pub username: String,
    /// Session token.
    pub token: String,
}

fn username(i: usize) -> String {
    format!("bench{i}")
}

/// Writes `count` members (the first an admin) into a fresh database in `data_dir`.
pub async fn seed_database(
    data_dir: &Path,
    count: usize,
    mut progress: impl FnMut(usize),
) -> anyhow::Result<Vec<Member>> {
    std::fs::create_dir_all(data_dir)?;
    let store = SqliteStore::open_path(&data_dir.join("stoa.db"))
        .await
        .context("opening the bench database")?;
    let password_hash = tokio::task::spawn_blocking(|| secrets::hash_password(PASSWORD))
        .await?
        .map_err(|e| anyhow::anyhow!("hashing: {e}"))?;
    let expires = Utc::now() + Duration::days(1);
    let mut members = Vec::with_capacity(count);
    let mut admin = None;
    for i in 0..count {
        let code_hash = secrets::hash_secret(&secrets::new_secret());
        match admin {
            None => store.create_bootstrap_invite(&code_hash).await?,
            Some(id) => {
                store.create_invite(id, &code_hash).await?;
            }
        }
        let user = store
            .signup(NewAccount {
                code_hash,
                username: username(i),
                display_name: username(i),
                password_hash: password_hash.clone(),
                invite_quota: 2,
            })
            .await?;
        admin.get_or_insert(user.id);
        let token = secrets::new_secret();
        store
            .create_session(&secrets::hash_secret(&token), user.id, expires)
            .await?;
        members.push(Member {
            username: username(i),
            token,
        });
        progress(i + 1);
    }
    store.close().await;
    Ok(members)
}

/// Signs `count` members up through the API of the server at `base`: the first with `invite`
/// (a bootstrap invite makes it an admin, able to invite everyone else), or every one with an
/// invite of `inviter` (an admin's client) when given.
pub async fn signup_via_api(
    base: &str,
    invite: &str,
    inviter: Option<ApiClient>,
    count: usize,
    mut progress: impl FnMut(usize),
) -> anyhow::Result<Vec<Member>> {
    // Names go on from earlier calls in this process: a second room of the same server (as in
    // `stoa-bench cluster`) gets new members.
    static SIGNED_UP: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let first = SIGNED_UP.fetch_add(count, std::sync::atomic::Ordering::Relaxed);
    let mut members = Vec::with_capacity(count);
    let by_inviter = inviter.is_some();
    let mut admin: Option<ApiClient> = inviter;
    for i in first..first + count {
        let code = match &admin {
            None => invite.to_owned(),
            Some(api) => api.create_invite().await?.code,
        };
        let mut api = ApiClient::new(base);
        let auth = api
            .signup(&SignupRequest {
                invite_code: code,
                username: username(i),
                display_name: username(i),
                password: PASSWORD.to_owned(),
            })
            .await
            .with_context(|| format!("signing up {}", username(i)))?;
        members.push(Member {
            username: username(i),
            token: auth.token,
        });
        if !by_inviter {
            admin.get_or_insert(api);
        }
        progress(i - first + 1);
    }
    Ok(members)
}
