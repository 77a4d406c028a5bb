//! [`ApiClient`]: the HTTP/JSON API (`/api/...`) with an optional bearer token.

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use stoa_proto::rest::{
    AuthResponse, CreateRoomRequest, CreatedInvite, Hallway, Health, InviteCheck, InviteList,
    LoginRequest, Profile, RoomSummary, SignupRequest,
};
use stoa_proto::{ErrorBody, RoomId, RoomKind};

use crate::error::ClientError;
use crate::signaling::Signaling;

/// A client of the HTTP API: a base URL (like `http://127.0.0.1:8080`) and, once signed in, a
/// bearer token sent with every request; optionally extra headers sent with every request and
/// the WebSocket handshake ([`ApiClient::with_header`]).
#[derive(Debug, Clone)]
pub struct ApiClient {
    http: reqwest::Client,
    base: String,
    token: Option<String>,
    headers: HeaderMap,
}

impl ApiClient {
    /// A client for the server at `base` (scheme, host and port; a trailing `/` is ignored).
    pub fn new(base: &str) -> Self {
        Self {
            http: reqwest::Client::new(),
            base: base.trim_end_matches('/').to_owned(),
            token: None,
            headers: HeaderMap::new(),
        }
    }

    /// The same client authenticated with `token`.
    pub fn with_token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// The same client sending `name: value` with every request and with the WebSocket
    /// handshake of [`ApiClient::signaling`] (replacing an earlier value of `name`); e.g. a test
    /// pinning its requests to one node behind a load balancer.
    pub fn with_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.insert(name, value);
        self
    }

    /// The extra headers of [`ApiClient::with_header`].
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The base URL.
    pub fn base_url(&self) -> &str {
        &self.base
    }

    /// The session token, once signed up or signed in.
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    /// `GET /api/health`.
    pub async fn health(&self) -> Result<Health, ClientError> {
        self.get("/api/health").await
    }

    /// `POST /api/auth/signup`; stores the returned token in this client.
    pub async fn signup(&mut self, req: &SignupRequest) -> Result<AuthResponse, ClientError> {
        let auth: AuthResponse = self
            .send_json(Method::POST, "/api/auth/signup", req)
            .await?;
        self.token = Some(auth.token.clone());
        Ok(auth)
    }

    /// `POST /api/auth/login`; stores the returned token in this client.
    pub async fn login(
        &mut self,
        username: &str,
        password: &str,
    ) -> Result<AuthResponse, ClientError> {
        let req = LoginRequest {
            username: username.to_owned(),
            password: password.to_owned(),
        };
        let auth: AuthResponse = self
            .send_json(Method::POST, "/api/auth/login", &req)
            .await?;
        self.token = Some(auth.token.clone());
        Ok(auth)
    }

    /// `POST /api/auth/logout`; forgets the token.
    pub async fn logout(&mut self) -> Result<(), ClientError> {
        let resp = self
            .request(Method::POST, "/api/auth/logout")
            .send()
            .await?;
        check(resp).await?;
        self.token = None;
        Ok(())
    }

    /// `GET /api/me`.
    pub async fn me(&self) -> Result<Profile, ClientError> {
        self.get("/api/me").await
    }

    /// `GET /api/invites`.
    pub async fn invites(&self) -> Result<InviteList, ClientError> {
        self.get("/api/invites").await
    }

    /// `POST /api/invites`: a new invite code (shown once).
    pub async fn create_invite(&self) -> Result<CreatedInvite, ClientError> {
        let resp = self.request(Method::POST, "/api/invites").send().await?;
        json(resp).await
    }

    /// `DELETE /api/invites/{id}`.
    pub async fn revoke_invite(&self, id: i64) -> Result<(), ClientError> {
        let resp = self
            .request(Method::DELETE, &format!("/api/invites/{id}"))
            .send()
            .await?;
        check(resp).await.map(drop)
    }

    /// `GET /api/invites/check/{code}` (needs no token).
    pub async fn check_invite(&self, code: &str) -> Result<InviteCheck, ClientError> {
        self.get(&format!("/api/invites/check/{code}")).await
    }

    /// `POST /api/rooms`.
    pub async fn create_room(
        &self,
        title: &str,
        kind: RoomKind,
    ) -> Result<RoomSummary, ClientError> {
        let req = CreateRoomRequest {
            title: title.to_owned(),
            kind,
            invited: Vec::new(),
            club_id: None,
            members_only: false,
        };
        self.send_json(Method::POST, "/api/rooms", &req).await
    }

    /// `GET /api/rooms`: the hallway.
    pub async fn hallway(&self) -> Result<Hallway, ClientError> {
        self.get("/api/rooms").await
    }

    /// `GET /api/rooms/{id}`.
    pub async fn room(&self, id: &RoomId) -> Result<RoomSummary, ClientError> {
        self.get(&format!("/api/rooms/{id}")).await
    }

    /// Opens the signaling WebSocket (`/api/ws`) with this client's token.
    pub async fn signaling(&self) -> Result<Signaling, ClientError> {
        let token = self.token.as_deref().ok_or(ClientError::NoToken)?;
        Signaling::connect_with_headers(&self.base, token, &self.headers).await
    }

    /// `GET path` and decode the JSON answer.
    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, ClientError> {
        let resp = self.request(Method::GET, path).send().await?;
        json(resp).await
    }

    /// Send `body` as JSON with `method` to `path` and decode the JSON answer.
    pub async fn send_json<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: &B,
    ) -> Result<T, ClientError> {
        let resp = self.request(method, path).json(body).send().await?;
        json(resp).await
    }

    /// A request builder for `path` with the extra headers and the bearer token (if any) set.
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let rb = self
            .http
            .request(method, format!("{}{}", self.base, path))
            .headers(self.headers.clone());
        match &self.token {
            Some(t) => rb.bearer_auth(t),
            None => rb,
        }
    }
}

/// Turns a failing status into [`ClientError::Api`] (or `UnexpectedStatus`).
async fn check(resp: Response) -> Result<Response, ClientError> {
    let status = resp.status();
    if status.is_success() {
        return Ok(resp);
    }
    let text = resp.text().await.unwrap_or_default();
    Err(error_from_body(status, &text))
}

/// Checks the status and decodes the JSON body.
async fn json<T: DeserializeOwned>(resp: Response) -> Result<T, ClientError> {
    let resp = check(resp).await?;
    let bytes = resp.bytes().await?;
    Ok(serde_json::from_slice(&bytes)?)
}

/// The error for a failing response with body `text`.
fn error_from_body(status: StatusCode, text: &str) -> ClientError {
    match serde_json::from_str::<ErrorBody>(text) {
        Ok(body) => ClientError::Api {
            status: status.as_u16(),
            code: body.error.code,
            message: body.error.message,
        },
        Err(_) => ClientError::UnexpectedStatus {
            status: status.as_u16(),
            body: text.chars().take(500).collect(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use stoa_proto::ErrorCode;

    #[test]
    fn error_body_becomes_api_error() {
        let e = error_from_body(
            StatusCode::CONFLICT,
            r#"{"error":{"code":"username_taken","message":"taken"}}"#,
        );
        match e {
            ClientError::Api {
                status,
                code,
                message,
            } => {
                assert_eq!(status, 409);
                assert_eq!(code, ErrorCode::UsernameTaken);
                assert_eq!(message, "taken");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn other_body_becomes_unexpected_status() {
        let e = error_from_body(StatusCode::BAD_GATEWAY, "<html>oops</html>");
        assert!(
            matches!(e, ClientError::UnexpectedStatus { status: 502, .. }),
            "{e:?}"
        );
        assert_eq!(e.code(), None);
    }

    #[test]
    fn base_url_trailing_slash_is_trimmed() {
        let c = ApiClient::new("http://127.0.0.1:1/").with_token("t");
        assert_eq!(c.base_url(), "http://127.0.0.1:1");
        assert_eq!(c.token(), Some("t"));
    }
}
