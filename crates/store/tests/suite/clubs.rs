//! Clubs: creation and unique names, membership and roles, join requests, search, icons and
//! club rooms.

use chrono::Duration;
use stoa_proto::clubs::{ClubJoinPolicy, ClubRole};
use stoa_proto::{ClubId, RoomId};
use stoa_store::{ClubMemberCursor, ClubRecord, ClubUpdate, NewClub, Store};

use super::{assert_err, bootstrap_admin, invited_member, now_ms, open_room};

fn new_club(name: &str, founder: stoa_proto::UserId) -> NewClub {
    NewClub {
        name: name.to_string(),
        description: format!("about {name}"),
        rules: String::new(),
        join_policy: ClubJoinPolicy::Open,
        founder,
        created_at: now_ms(),
    }
}

/// `founder` creates the club `name` (see [`new_club`]) with `join_policy`.
async fn found_club(
    store: &dyn Store,
    name: &str,
    founder: stoa_proto::UserId,
    join_policy: ClubJoinPolicy,
) -> ClubRecord {
    let new = NewClub {
        join_policy,
        ..new_club(name, founder)
    };
    store.create_club(new).await.expect("create")
}

/// The creator is the founder and first member; names are unique ignoring case (also on
/// rename); edits change only the given fields; unknown clubs are `NotFound`.
pub async fn clubs_created_unique_and_edited(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    let club = found_club(store, "Rustaceans", admin.id, ClubJoinPolicy::Open).await;
    assert_eq!(club.name, "Rustaceans");
    assert_eq!(club.founder.id, admin.id);
    assert_eq!(club.member_count, 1);
    assert_eq!(club.icon_version, None);
    assert_eq!(
        store.club_role(club.id, admin.id).await.expect("role"),
        Some(ClubRole::Founder)
    );
    assert_err(
        store.create_club(new_club("RUSTACEANS", admin.id)).await,
        "NameTaken",
    );
    let other = found_club(store, "Gophers", admin.id, ClubJoinPolicy::Open).await;
    assert_err(
        store
            .update_club(
                other.id,
                ClubUpdate {
                    name: Some("rustaceans".into()),
                    ..Default::default()
                },
            )
            .await,
        "NameTaken",
    );
    let edited = store
        .update_club(
            other.id,
            ClubUpdate {
                rules: Some("be kind".into()),
                join_policy: Some(ClubJoinPolicy::Approval),
                ..Default::default()
            },
        )
        .await
        .expect("edit");
    assert_eq!(
        (
            edited.name.as_str(),
            edited.rules.as_str(),
            edited.join_policy
        ),
        ("Gophers", "be kind", ClubJoinPolicy::Approval)
    );
    assert_eq!(edited.description, "about Gophers");
    assert_err(
        store.update_club(ClubId(999), ClubUpdate::default()).await,
        "NotFound",
    );
    assert!(store.club(ClubId(999)).await.expect("lookup").is_none());
    assert_err(
        store
            .create_club(new_club("Ghosts", stoa_proto::UserId(999)))
            .await,
        "NotFound",
    );
}

/// Members join once, roles change, removal works; the members list pages in role order then
/// join time; managers are the founder and admins; a member's clubs and roles are listed.
pub async fn club_membership_roles_and_pages(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    let bob = invited_member(store, &admin, "bob", 3).await;
    let carol = invited_member(store, &admin, "carol", 0).await;
    let dave = invited_member(store, &bob, "dave", 0).await;
    let club = found_club(store, "Rustaceans", admin.id, ClubJoinPolicy::Open).await;
    let t0 = now_ms();
    for (i, user) in [bob.id, carol.id, dave.id].into_iter().enumerate() {
        let at = t0 + Duration::seconds(i as i64 + 1);
        assert!(store
            .add_club_member(club.id, user, ClubRole::Member, at)
            .await
            .expect("join"));
    }
    assert!(!store
        .add_club_member(club.id, bob.id, ClubRole::Admin, t0)
        .await
        .expect("join again"));
    assert_eq!(
        store.club_role(club.id, bob.id).await.expect("role"),
        Some(ClubRole::Member),
        "joining again keeps the role"
    );
    assert!(store
        .set_club_role(club.id, dave.id, ClubRole::Admin)
        .await
        .expect("promote"));
    assert!(store
        .set_club_role(club.id, carol.id, ClubRole::Leader)
        .await
        .expect("leader"));
    assert_eq!(
        store.club_managers(club.id).await.expect("managers"),
        vec![admin.id, dave.id]
    );

    let first = store.club_members(club.id, None, 2).await.expect("page 1");
    let names: Vec<&str> = first.iter().map(|m| m.user.username.as_str()).collect();
    assert_eq!(names, ["admin", "dave"]);
    let last = first.last().expect("last");
    let cursor = ClubMemberCursor {
        role: last.role,
        joined_at: last.joined_at,
        user: last.user.id,
    };
    let second = store
        .club_members(club.id, Some(cursor), 10)
        .await
        .expect("page 2");
    let names: Vec<(&str, ClubRole)> = second
        .iter()
        .map(|m| (m.user.username.as_str(), m.role))
        .collect();
    assert_eq!(
        names,
        [("carol", ClubRole::Leader), ("bob", ClubRole::Member)]
    );

    assert_eq!(
        store.club_roles_of(carol.id).await.expect("roles"),
        vec![(club.id, ClubRole::Leader)]
    );
    assert_eq!(
        store
            .club(club.id)
            .await
            .expect("club")
            .expect("some")
            .member_count,
        4
    );
    assert!(store
        .remove_club_member(club.id, bob.id)
        .await
        .expect("remove"));
    assert!(!store
        .remove_club_member(club.id, bob.id)
        .await
        .expect("again"));
    assert!(!store
        .set_club_role(club.id, bob.id, ClubRole::Leader)
        .await
        .expect("not a member"));
    assert!(store.clubs_of(bob.id).await.expect("clubs").is_empty());
    let mine: Vec<ClubId> = store
        .clubs_of(carol.id)
        .await
        .expect("clubs")
        .iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(mine, vec![club.id]);
    assert_err(
        store
            .add_club_member(ClubId(999), bob.id, ClubRole::Member, t0)
            .await,
        "NotFound",
    );
}

/// Requests are recorded once, listed oldest first, seen by the asker, and dropped when the
/// member is added or the request is removed.
pub async fn club_join_requests_flow(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    let bob = invited_member(store, &admin, "bob", 0).await;
    let carol = invited_member(store, &admin, "carol", 0).await;
    let club = found_club(store, "Quiet", admin.id, ClubJoinPolicy::Approval).await;
    let t0 = now_ms();
    assert!(store
        .request_club_join(club.id, carol.id, t0 + Duration::seconds(2))
        .await
        .expect("carol asks"));
    assert!(store
        .request_club_join(club.id, bob.id, t0 + Duration::seconds(1))
        .await
        .expect("bob asks"));
    assert!(!store
        .request_club_join(club.id, bob.id, t0 + Duration::seconds(5))
        .await
        .expect("again"));
    let pending = store.club_requests(club.id).await.expect("requests");
    let names: Vec<&str> = pending.iter().map(|r| r.user.username.as_str()).collect();
    assert_eq!(names, ["bob", "carol"]);
    assert_eq!(pending[0].requested_at, t0 + Duration::seconds(1));
    assert_eq!(
        store.club_requests_of(bob.id).await.expect("mine"),
        vec![club.id]
    );

    store
        .add_club_member(club.id, bob.id, ClubRole::Member, t0)
        .await
        .expect("approve");
    assert!(store
        .club_requests_of(bob.id)
        .await
        .expect("mine")
        .is_empty());
    assert!(store
        .remove_club_request(club.id, carol.id)
        .await
        .expect("decline"));
    assert!(!store
        .remove_club_request(club.id, carol.id)
        .await
        .expect("again"));
    assert!(store.club_requests(club.id).await.expect("none").is_empty());
    assert_err(
        store.request_club_join(ClubId(999), bob.id, t0).await,
        "NotFound",
    );
}

/// Search matches name prefixes ignoring case (literally), browse lists all by name.
pub async fn club_search_by_prefix(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    for name in ["rust_lang", "Rustaceans", "Gophers", "Ölfreunde", "rusty"] {
        found_club(store, name, admin.id, ClubJoinPolicy::Open).await;
    }
    let names =
        |clubs: Vec<ClubRecord>| -> Vec<String> { clubs.into_iter().map(|c| c.name).collect() };
    assert_eq!(
        names(store.search_clubs("RUST", 10).await.expect("search")),
        ["rust_lang", "Rustaceans", "rusty"]
    );
    assert_eq!(
        names(store.search_clubs("rust_", 10).await.expect("literal")),
        ["rust_lang"]
    );
    assert_eq!(
        names(store.search_clubs("öl", 10).await.expect("unicode")),
        ["Ölfreunde"]
    );
    assert_eq!(
        names(store.search_clubs("", 2).await.expect("browse")),
        ["Gophers", "rust_lang"]
    );
    assert!(store.search_clubs("zz", 10).await.expect("none").is_empty());
}

/// Icons get increasing versions; rooms keep their club and members-only flag.
pub async fn club_icons_and_rooms(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    let club = found_club(store, "Rustaceans", admin.id, ClubJoinPolicy::Open).await;
    assert!(store.club_icon(club.id).await.expect("none").is_none());
    assert_eq!(
        store
            .set_club_icon(club.id, "image/png", b"one")
            .await
            .expect("icon"),
        1
    );
    assert_eq!(
        store
            .set_club_icon(club.id, "image/jpeg", b"two")
            .await
            .expect("icon"),
        2
    );
    let icon = store.club_icon(club.id).await.expect("icon").expect("some");
    assert_eq!(
        (
            icon.version,
            icon.content_type.as_str(),
            icon.image.as_slice()
        ),
        (2, "image/jpeg", b"two".as_slice())
    );
    assert_eq!(
        store
            .club(club.id)
            .await
            .expect("club")
            .expect("some")
            .icon_version,
        Some(2)
    );
    assert_err(
        store.set_club_icon(ClubId(999), "image/png", b"x").await,
        "NotFound",
    );

    let room = open_room(store, "clubroom", "Weekly", admin.id, now_ms()).await;
    assert_eq!((room.club.clone(), room.members_only), (None, false));
    store
        .set_room_club(&room.id, club.id, true)
        .await
        .expect("club room");
    let live = store.live_rooms().await.expect("live");
    let club_ref = live[0].club.clone().expect("club");
    assert_eq!(
        (club_ref.id, club_ref.name.as_str()),
        (club.id, "Rustaceans")
    );
    assert!(live[0].members_only);
    assert_err(
        store
            .set_room_club(&RoomId("nope".into()), club.id, false)
            .await,
        "NotFound",
    );
    assert_err(
        store.set_room_club(&room.id, ClubId(999), false).await,
        "NotFound",
    );
}

/// `social_graph_of` reads in one query what the separate reads give: follows, blocks both ways
/// and clubs, each ascending, and nothing of other members.
pub async fn social_graph_in_one_read(store: &dyn Store) {
    let admin = bootstrap_admin(store).await;
    let ann = invited_member(store, &admin, "ann", 2).await;
    let bob = invited_member(store, &admin, "bob", 0).await;
    let cid = invited_member(store, &admin, "cid", 0).await;
    let dee = invited_member(store, &ann, "dee", 0).await;
    store.follow(ann.id, cid.id).await.expect("follow");
    store.follow(ann.id, admin.id).await.expect("follow");
    store.follow(bob.id, ann.id).await.expect("follow");
    store.block(ann.id, dee.id).await.expect("block");
    store.block(bob.id, ann.id).await.expect("block");
    let quiz = found_club(store, "Quiz", ann.id, ClubJoinPolicy::Open).await;
    let rust = found_club(store, "Rust", admin.id, ClubJoinPolicy::Open).await;
    found_club(store, "Other", bob.id, ClubJoinPolicy::Open).await;
    store
        .add_club_member(rust.id, ann.id, ClubRole::Member, now_ms())
        .await
        .expect("join");

    let graph = store.social_graph_of(ann.id).await.expect("graph");
    assert_eq!(
        graph.followees,
        store.followees_of(ann.id).await.expect("f")
    );
    assert_eq!(graph.followees, vec![admin.id, cid.id]);
    assert_eq!(graph.blocked, vec![dee.id]);
    assert_eq!(
        graph.blocked_by,
        store.blockers_of(ann.id).await.expect("b")
    );
    assert_eq!(graph.blocked_by, vec![bob.id]);
    let mut clubs = vec![quiz.id, rust.id];
    clubs.sort();
    assert_eq!(graph.clubs, clubs);
    let nobody = store.social_graph_of(cid.id).await.expect("graph");
    assert_eq!(nobody, stoa_store::SocialGraph::default());
}
