//! Janus's HTTP API (JSON over `POST /janus[/<session>[/<handle>]]`, events by long-polling
//! `GET /janus/<session>`) and the VideoRoom request bodies the bench sends.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use serde_json::{json, Value};

/// The bench's room number.
pub const ROOM: u64 = 1234;

/// `create` of the audio-only room: no audio-level or transport-wide-CC extensions, no
/// recording, Opus only.
pub fn create_room(room: u64, publishers: usize) -> Value {
    json!({
        "request": "create",
        "room": room,
        "publishers": publishers.max(1),
        "audiocodec": "opus",
        "videocodec": "vp8",
        "audiolevel_ext": false,
        "audiolevel_event": false,
        "transport_wide_cc_ext": false,
        "record": false,
        "notify_joining": false,
        "is_private": false
    })
}

/// A publisher's `join`.
pub fn join_publisher(room: u64, id: u64) -> Value {
    json!({"request": "join", "ptype": "publisher", "room": room, "id": id, "display": format!("speaker-{id}")})
}

/// `publish` (sent with the offer).
pub fn publish() -> Value {
    json!({"request": "publish", "audio": true, "video": false, "data": false, "audiocodec": "opus"})
}

/// A subscriber's `join` to the feeds `feeds`.
pub fn join_subscriber(room: u64, feeds: &[u64]) -> Value {
    let streams: Vec<Value> = feeds.iter().map(|f| json!({"feed": f})).collect();
    json!({"request": "join", "ptype": "subscriber", "room": room, "streams": streams})
}

/// A subscriber's `start` (sent with the answer).
pub fn start() -> Value {
    json!({"request": "start"})
}

/// A JSEP object.
pub fn jsep(kind: &str, sdp: &str) -> Value {
    json!({"type": kind, "sdp": sdp})
}

/// The envelope of a request to Janus.
pub fn envelope(
    janus: &str,
    transaction: &str,
    body: Option<&Value>,
    jsep: Option<&Value>,
) -> Value {
    let mut v = json!({"janus": janus, "transaction": transaction});
    if let Some(b) = body {
        v["body"] = b.clone();
    }
    if let Some(j) = jsep {
        v["jsep"] = j.clone();
    }
    v
}

/// The `data.id` of a `success` answer (session or handle id).
pub fn success_id(v: &Value) -> anyhow::Result<u64> {
    check_error(v)?;
    v.get("data")
        .and_then(|d| d.get("id"))
        .and_then(Value::as_u64)
        .with_context(|| format!("no id in Janus reply {v}"))
}

/// Fails on a Janus `error` or a plugin error (`plugindata.data.error`).
pub fn check_error(v: &Value) -> anyhow::Result<()> {
    if v.get("janus").and_then(Value::as_str) == Some("error") {
        bail!("Janus error: {}", v["error"]);
    }
    if let Some(e) = plugin_data(v).and_then(|d| d.get("error")) {
        bail!(
            "VideoRoom error {}: {e}",
            plugin_data(v)
                .and_then(|d| d.get("error_code"))
                .unwrap_or(&Value::Null)
        );
    }
    Ok(())
}

/// `plugindata.data` of a plugin answer or event.
pub fn plugin_data(v: &Value) -> Option<&Value> {
    v.get("plugindata").and_then(|p| p.get("data"))
}

/// The SDP of the event's JSEP if it is of type `kind`.
pub fn jsep_sdp<'a>(v: &'a Value, kind: &str) -> Option<&'a str> {
    let j = v.get("jsep")?;
    (j.get("type")?.as_str()? == kind).then_some(j.get("sdp")?.as_str()?)
}

/// The transaction an event answers.
pub fn transaction(v: &Value) -> Option<&str> {
    v.get("transaction").and_then(Value::as_str)
}

static NEXT_TX: AtomicU64 = AtomicU64::new(1);

fn next_tx() -> String {
    format!("t{}", NEXT_TX.fetch_add(1, Ordering::Relaxed))
}

/// One Janus session with one VideoRoom handle.
pub struct Handle {
    http: reqwest::Client,
    base: String,
    /// The session id.
    pub session: u64,
    /// The plugin handle id.
    pub handle: u64,
}

impl Handle {
    /// Creates a session and attaches the VideoRoom plugin.
    pub async fn attach(http: &reqwest::Client, base: &str) -> anyhow::Result<Self> {
        let v = post(http, base, &envelope("create", &next_tx(), None, None)).await?;
        let session = success_id(&v)?;
        let mut att = envelope("attach", &next_tx(), None, None);
        att["plugin"] = json!("janus.plugin.videoroom");
        let v = post(http, &format!("{base}/{session}"), &att).await?;
        let handle = success_id(&v)?;
        Ok(Self {
            http: http.clone(),
            base: base.to_owned(),
            session,
            handle,
        })
    }

    /// Sends a plugin message; a synchronous answer is returned as is, an asynchronous one
    /// (`ack`) is awaited on the event long-poll (matched by transaction).
    pub async fn message(
        &self,
        body: &Value,
        jsep: Option<&Value>,
        timeout: Duration,
    ) -> anyhow::Result<Value> {
        let tx = next_tx();
        let url = format!("{}/{}/{}", self.base, self.session, self.handle);
        let v = post(
            &self.http,
            &url,
            &envelope("message", &tx, Some(body), jsep),
        )
        .await?;
        check_error(&v)?;
        if v.get("janus").and_then(Value::as_str) != Some("ack") {
            return Ok(v);
        }
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            let url = format!("{}/{}?maxev=1", self.base, self.session);
            let ev: Value = self
                .http
                .get(&url)
                .timeout(Duration::from_secs(40))
                .send()
                .await?
                .json()
                .await?;
            let events = match ev {
                Value::Array(a) => a,
                other => vec![other],
            };
            for e in events {
                if transaction(&e) == Some(tx.as_str())
                    && e.get("janus").and_then(Value::as_str) == Some("event")
                {
                    check_error(&e)?;
                    return Ok(e);
                }
            }
        }
        bail!("no Janus event for transaction {tx} within {timeout:?}")
    }
}

async fn post(http: &reqwest::Client, url: &str, body: &Value) -> anyhow::Result<Value> {
    let v: Value = http
        .post(url)
        .json(body)
        .timeout(Duration::from_secs(30))
        .send()
        .await
        .with_context(|| format!("POST {url}"))?
        .json()
        .await?;
    check_error(&v)?;
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn room_is_audio_only_and_fair() {
        let v = create_room(ROOM, 3);
        assert_eq!(v["request"], "create");
        assert_eq!(v["room"], 1234);
        assert_eq!(v["publishers"], 3);
        assert_eq!(v["audiocodec"], "opus");
        assert_eq!(v["audiolevel_ext"], false);
        assert_eq!(v["transport_wide_cc_ext"], false);
        assert_eq!(v["record"], false);
    }

    #[test]
    fn requests_and_envelope() {
        let j = join_subscriber(ROOM, &[1, 2]);
        assert_eq!(j["ptype"], "subscriber");
        assert_eq!(j["streams"][1]["feed"], 2);
        assert_eq!(join_publisher(ROOM, 1)["id"], 1);
        let e = envelope(
            "message",
            "t1",
            Some(&start()),
            Some(&jsep("answer", "v=0")),
        );
        assert_eq!(e["janus"], "message");
        assert_eq!(e["transaction"], "t1");
        assert_eq!(e["body"]["request"], "start");
        assert_eq!(e["jsep"]["type"], "answer");
        assert!(envelope("create", "t2", None, None).get("body").is_none());
    }

    #[test]
    fn parses_answers_and_events() {
        let ok: Value =
            serde_json::from_str(r#"{"janus":"success","transaction":"t1","data":{"id":42}}"#)
                .unwrap();
        assert_eq!(success_id(&ok).unwrap(), 42);
        let err: Value = serde_json::from_str(
            r#"{"janus":"error","transaction":"t1","error":{"code":458,"reason":"No such session"}}"#,
        )
        .unwrap();
        assert!(success_id(&err).is_err());
        let ev: Value = serde_json::from_str(
            r#"{"janus":"event","sender":7,"transaction":"t9",
                "plugindata":{"plugin":"janus.plugin.videoroom","data":{"videoroom":"attached","room":1234}},
                "jsep":{"type":"offer","sdp":"v=0\r\n"}}"#,
        )
        .unwrap();
        assert_eq!(transaction(&ev), Some("t9"));
        assert_eq!(jsep_sdp(&ev, "offer"), Some("v=0\r\n"));
        assert_eq!(jsep_sdp(&ev, "answer"), None);
        check_error(&ev).unwrap();
        let perr: Value = serde_json::from_str(
            r#"{"janus":"event","plugindata":{"data":{"videoroom":"event","error_code":428,"error":"No such feed"}}}"#,
        )
        .unwrap();
        assert!(check_error(&perr).is_err());
    }
}
