//! Admin tools through the real API: invite grants and the invite tree, admins only.

mod common;

use common::{code, TestServer};
use serde_json::{json, Value};

async fn grant(server: &TestServer, token: &str, username: &str, count: Value) -> (u16, Value) {
    server
        .post(
            &format!("/api/admin/users/{username}/invites"),
            Some(token),
            json!({ "count": count }),
        )
        .await
}

async fn remaining(server: &TestServer, token: &str) -> Value {
    let (status, body) = server.get("/api/invites", Some(token)).await;
    assert_eq!(status, 200, "{body}");
    body["remaining"].clone()
}

#[tokio::test]
async fn admin_grant_lets_a_member_invite_again() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let bob = server.member(&admin, "bob").await;
    let carol = server.member(&admin, "carol").await;
    server.invite(&bob).await;
    server.invite(&bob).await;
    let (status, body) = server.post("/api/invites", Some(&bob), json!({})).await;
    assert_eq!(
        (status, code(&body)),
        (409, "invite_quota_exhausted"),
        "{body}"
    );

    // Members may not grant, not even to themselves; nothing changes.
    for (who, target) in [(&bob, "bob"), (&carol, "bob")] {
        let (status, body) = grant(&server, who, target, json!(5)).await;
        assert_eq!((status, code(&body)), (403, "forbidden"), "{body}");
    }
    assert_eq!(remaining(&server, &bob).await, 0);
    let (status, body) = server
        .post("/api/admin/users/bob/invites", None, json!({"count": 5}))
        .await;
    assert_eq!((status, code(&body)), (401, "unauthorized"), "{body}");

    // Bad counts and unknown members are refused.
    for count in [json!(0), json!(1001)] {
        let (status, body) = grant(&server, &admin, "bob", count).await;
        assert_eq!((status, code(&body)), (400, "validation"), "{body}");
    }
    let (status, body) = grant(&server, &admin, "bob", json!(-1)).await;
    assert_eq!((status, code(&body)), (400, "bad_request"), "{body}");
    let (status, body) = grant(&server, &admin, "nobody", json!(3)).await;
    assert_eq!((status, code(&body)), (404, "not_found"), "{body}");
    assert_eq!(remaining(&server, &bob).await, 0);

    // The admin grants three: the answer is Bob's invite list.
    let (status, list) = grant(&server, &admin, "BOB", json!(3)).await;
    assert_eq!(status, 200, "{list}");
    assert_eq!(list["remaining"], 3);
    assert_eq!(list["invites"].as_array().expect("invites").len(), 2);
    assert_eq!(remaining(&server, &bob).await, 3);
    assert_eq!(remaining(&server, &carol).await, 2, "only bob got more");

    let code_after = server.invite(&bob).await;
    server.signup(&code_after, "dave").await;
    assert_eq!(remaining(&server, &bob).await, 2);
}

/// The subtree of `node` as `name(child child …)`.
fn shape(node: &Value) -> String {
    let name = node["user"]["username"].as_str().expect("username");
    let children: Vec<String> = node["invited"]
        .as_array()
        .expect("invited")
        .iter()
        .map(shape)
        .collect();
    if children.is_empty() {
        name.to_string()
    } else {
        format!("{name}({})", children.join(" "))
    }
}

fn shapes(tree: &Value) -> Vec<String> {
    tree["roots"]
        .as_array()
        .expect("roots")
        .iter()
        .map(shape)
        .collect()
}

#[tokio::test]
async fn invite_tree_shows_who_brought_in_whom() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let bob = server.member(&admin, "bob").await;
    let carol = server.member(&bob, "carol").await;
    server.member(&carol, "dave").await;
    server.member(&admin, "erin").await;

    // Frank came in from the waitlist, waved in by Carol.
    let (status, body) = server
        .post(
            "/api/waitlist",
            None,
            json!({"username": "frank", "display_name": "Frank", "named": ["carol"]}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let token = body["token"].as_str().expect("token").to_string();
    let (_, waiting) = server.get("/api/waitlist/waiting", Some(&carol)).await;
    let id = waiting["entries"][0]["id"]
        .as_str()
        .expect("id")
        .to_string();
    let (status, _) = server
        .post(&format!("/api/waitlist/{id}/wave"), Some(&carol), json!({}))
        .await;
    assert_eq!(status, 204);
    let (status, body) = server
        .post(
            &format!("/api/waitlist/{token}/signup"),
            None,
            json!({"password": "password123"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");

    let (status, tree) = server.get("/api/admin/invite-tree", Some(&admin)).await;
    assert_eq!(status, 200, "{tree}");
    assert_eq!(shapes(&tree), ["admin(bob(carol(dave frank)) erin)"]);
    assert_eq!(tree["total_descendants"], 5);
    let root = &tree["roots"][0];
    assert_eq!(root["user"]["display_name"], "ADMIN");
    assert!(root["joined_at"].as_str().is_some());

    let (status, tree) = server
        .get("/api/admin/invite-tree?root=Bob&depth=1", Some(&admin))
        .await;
    assert_eq!(status, 200, "{tree}");
    assert_eq!(shapes(&tree), ["bob(carol)"]);
    assert_eq!(tree["total_descendants"], 3, "counted at any depth");
    let (_, tree) = server
        .get("/api/admin/invite-tree?root=bob&depth=20", Some(&admin))
        .await;
    assert_eq!(shapes(&tree), ["bob(carol(dave frank))"]);

    for query in ["?depth=0", "?depth=21"] {
        let (status, body) = server
            .get(&format!("/api/admin/invite-tree{query}"), Some(&admin))
            .await;
        assert_eq!(
            (status, code(&body)),
            (400, "validation"),
            "{query}: {body}"
        );
    }
    let (status, body) = server
        .get("/api/admin/invite-tree?depth=many", Some(&admin))
        .await;
    assert_eq!((status, code(&body)), (400, "bad_request"), "{body}");
    let (status, body) = server
        .get("/api/admin/invite-tree?root=nobody", Some(&admin))
        .await;
    assert_eq!((status, code(&body)), (404, "not_found"), "{body}");

    let (status, body) = server.get("/api/admin/invite-tree", Some(&bob)).await;
    assert_eq!((status, code(&body)), (403, "forbidden"), "{body}");
    let (status, body) = server.get("/api/admin/invite-tree", None).await;
    assert_eq!((status, code(&body)), (401, "unauthorized"), "{body}");
}
