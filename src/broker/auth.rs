//! Who may connect to `mqtt serve`: the broker's auth hook, fed by a
//! mosquitto password file.
//!
//! Policy (as mosquitto with `password_file` and `allow_anonymous`):
//! - no password file: every client is accepted, with or without a name;
//! - with a password file: a client that sends a user name must be listed
//!   and send the right password (else CONNACK "bad user name or password");
//!   a client without a user name is accepted only with `--allow-anonymous`
//!   (else CONNACK "not authorized").
//!
//! There are no ACLs: every accepted client may publish and subscribe to
//! every topic.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;

use mqtt5::broker::auth::{AuthProvider, AuthResult};
use mqtt5::packet::connect::ConnectPacket;
use mqtt5::protocol::v5::reason_codes::ReasonCode;

use super::password_file::PasswordFile;

/// The access rules of one `mqtt serve`.
#[derive(Debug, Default)]
pub struct Access {
    /// Users and their hashes; `None` lets everyone in.
    pub password_file: Option<PasswordFile>,
    /// With a password file: accept clients that send no user name.
    pub allow_anonymous: bool,
}

/// [`Access`] as the broker's auth hook.
#[derive(Debug)]
pub struct AccessProvider {
    access: Arc<Access>,
}

impl AccessProvider {
    /// Wraps the rules for the broker.
    pub fn new(access: Access) -> AccessProvider {
        AccessProvider { access: Arc::new(access) }
    }
}

/// Decides one CONNECT. PBKDF2 and argon2id are CPU work, so they run on the
/// blocking pool. A hash that cannot be checked refuses the client.
async fn decide(access: Arc<Access>, connect: &ConnectPacket) -> AuthResult {
    let Some(users) = &access.password_file else {
        return AuthResult::success();
    };
    let Some(username) = connect.username.clone() else {
        return if access.allow_anonymous {
            AuthResult::success()
        } else {
            AuthResult::fail(ReasonCode::NotAuthorized)
        };
    };
    if users.hash_of(&username).is_none() {
        return AuthResult::fail(ReasonCode::BadUsernameOrPassword);
    }
    let Some(password) = connect.password.clone() else {
        return AuthResult::fail(ReasonCode::BadUsernameOrPassword);
    };
    let check = {
        let access = Arc::clone(&access);
        let username = username.clone();
        move || {
            access
                .password_file
                .as_ref()
                .and_then(|users| users.hash_of(&username))
                .is_some_and(|hash| hash.verify(&password) == Ok(true))
        }
    };
    match tokio::task::spawn_blocking(check).await {
        Ok(true) => AuthResult::success_with_user(username),
        // A panicked check is a refusal, never a way in.
        Ok(false) | Err(_) => AuthResult::fail(ReasonCode::BadUsernameOrPassword),
    }
}

impl AuthProvider for AccessProvider {
    fn authenticate<'a>(
        &'a self,
        connect: &'a ConnectPacket,
        _client_addr: SocketAddr,
    ) -> Pin<Box<dyn Future<Output = mqtt5::Result<AuthResult>> + Send + 'a>> {
        Box::pin(async move { Ok(decide(Arc::clone(&self.access), connect).await) })
    }

    fn authorize_publish<'a>(
        &'a self,
        _client_id: &str,
        _user_id: Option<&'a str>,
        _topic: &'a str,
    ) -> Pin<Box<dyn Future<Output = bool> + Send + 'a>> {
        Box::pin(async { true })
    }

    fn authorize_subscribe<'a>(
        &'a self,
        _client_id: &str,
        _user_id: Option<&'a str>,
        _topic_filter: &'a str,
    ) -> Pin<Box<dyn Future<Output = bool> + Send + 'a>> {
        Box::pin(async { true })
    }
}
