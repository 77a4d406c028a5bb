//! Accounts: an invite is spent by the sign-up it allows, counts against its creator's quota,
//! and tells its creator; a used invite opens no second account.

use stoa_proto::rest::NotificationKind;
use stoa_proto::ErrorCode;
use stoa_service::accounts::DEFAULT_INVITE_QUOTA;

use crate::support::World;

#[tokio::test]
async fn signing_up_spends_the_invite_and_tells_who_sent_it() {
    let world = World::start().await;
    let admin = world.admin().await;
    assert!(
        admin.member.record.is_admin,
        "the bootstrap invite makes an admin"
    );
    let ada = world.invited(&admin, "ada").await;
    let accounts = world.stoa.accounts();

    let nominated = ada.member.record.nominated_by.as_ref().map(|u| u.id);
    assert_eq!(nominated, Some(admin.member.record.id));
    let told = world.notes(&admin, NotificationKind::InviteUsed).await;
    assert_eq!(told.len(), 1);
    assert_eq!(
        told[0].actor.as_ref().map(|u| u.id),
        Some(ada.member.record.id)
    );

    // A new member gets the default quota; each invite spends one.
    let list = accounts.invites(&ada.member).await.expect("invites");
    assert_eq!(list.remaining, Some(DEFAULT_INVITE_QUOTA as u32));
    let first = accounts.create_invite(&ada.member).await.expect("first");
    accounts.create_invite(&ada.member).await.expect("second");
    let refused = accounts
        .create_invite(&ada.member)
        .await
        .expect_err("quota");
    assert_eq!(refused.code(), ErrorCode::InviteQuotaExhausted);

    // The invite is good until used, then opens nothing.
    let check = accounts.check_invite(&first.code).await.expect("valid");
    assert_eq!(check.invited_by.map(|u| u.id), Some(ada.member.record.id));
    let bob = world.sign_up(&first.code, "bob").await;
    assert_eq!(
        bob.member.record.nominated_by.map(|u| u.id),
        Some(ada.member.record.id)
    );
    let used = accounts.check_invite(&first.code).await.expect_err("used");
    assert_eq!(used.code(), ErrorCode::InviteInvalid);
    let again = accounts
        .signup(stoa_proto::rest::SignupRequest {
            invite_code: first.code.clone(),
            username: "carol".to_string(),
            display_name: "Carol".to_string(),
            password: crate::support::PASSWORD.to_string(),
        })
        .await
        .expect_err("used invite");
    assert_eq!(again.code(), ErrorCode::InviteInvalid);
}

#[tokio::test]
async fn signing_out_ends_the_session_and_closes_its_connections() {
    let world = World::start().await;
    let admin = world.admin().await;
    let accounts = world.stoa.accounts();
    let watch = accounts.watch_closes();
    let closing = accounts.close_signal(admin.member.record.id, &admin.token, watch);

    accounts.logout(&admin.token).await.expect("logout");
    assert_eq!(closing.await, stoa_service::closer::CloseCause::SignedOut);
    let gone = accounts.authenticate(&admin.token).await.expect_err("gone");
    assert_eq!(gone.code(), ErrorCode::Unauthorized);
}
