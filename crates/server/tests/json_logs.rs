//! `stoa serve --log-format json`: one JSON object per log line, each request's span carrying
//! its route template and request id, and the signaling WebSocket's span its user and room.

mod binary_support;
mod ws_support;

use std::time::Duration;

use futures_util::SinkExt;
use serde_json::{json, Value};
use tokio::io::AsyncReadExt;

#[tokio::test]
async fn json_logs_carry_request_ids_and_the_websockets_user_and_room() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut child, _stdout, addr, code) = binary_support::spawn(
        binary_support::serve_command(dir.path())
            .args(["--log-format", "json"])
            .env("STOA_LOG", "warn,stoa_api=debug")
            .stderr(std::process::Stdio::piped()),
    )
    .await;
    let http = reqwest::Client::new();
    let signup = binary_support::sign_up_admin(addr, &code, "signup-request-1").await;
    let token = signup["token"].as_str().expect("token");
    let room: Value = http
        .post(format!("http://{addr}/api/rooms"))
        .bearer_auth(token)
        .json(&json!({"title": "Logged"}))
        .send()
        .await
        .expect("room")
        .json()
        .await
        .expect("json");
    let room_id = room["id"].as_str().expect("room id").to_string();
    let user_id = signup["user"]["id"].as_i64().expect("user id");

    let mut ws = ws_support::connect(addr, token, None).await;
    let join = json!({"type": "join_room", "room_id": room_id}).to_string();
    ws.send(tokio_tungstenite::tungstenite::Message::Text(join.into()))
        .await
        .expect("send");
    ws_support::read_until(
        &mut ws,
        |t| t.contains(r#""type":"room_state""#),
        Duration::from_secs(5),
    )
    .await;
    // Leaving is logged inside the connection's span ("websocket closed").
    ws.close(None).await.expect("close");
    drop(ws);
    let mut stderr = child.stderr.take().expect("stderr");
    let wanted = format!(r#""room":"{room_id}""#);
    let mut logs = String::new();
    let mut buf = [0u8; 4096];
    let read = async {
        while !logs
            .lines()
            .any(|l| l.contains("websocket closed") && l.contains(&wanted))
        {
            let n = stderr.read(&mut buf).await.expect("stderr");
            assert!(n > 0, "stoa's log ended early:\n{logs}");
            logs.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    };
    tokio::time::timeout(Duration::from_secs(10), read)
        .await
        .unwrap_or_else(|_| panic!("no websocket log line with its room:\n{logs}"));
    child.kill().await.expect("stop stoa");

    let entries: Vec<Value> = logs
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect();
    let closed = entries
        .iter()
        .find(|e| e["fields"]["message"] == "websocket closed")
        .expect("the connection's end is logged");
    assert_eq!(closed["span"]["name"], "ws", "{closed}");
    assert_eq!(closed["span"]["user"], user_id.to_string(), "{closed}");
    assert_eq!(closed["span"]["room"], room_id.as_str(), "{closed}");
    let signed_up = entries
        .iter()
        .find(|e| e["span"]["request_id"] == "signup-request-1")
        .expect("the sign-up request is logged with its id");
    assert_eq!(
        signed_up["span"]["route"], "/api/auth/signup",
        "{signed_up}"
    );
    assert_eq!(signed_up["span"]["method"], "POST", "{signed_up}");
}
