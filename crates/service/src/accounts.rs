//! Accounts, passwords (argon2id) and server-side sessions. Failed logins lock
//! nothing: the web layer throttles attempts per (account, client address) and per
//! account (`ocop_web::throttle`), so nobody can lock the owner out.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use chrono::Duration;
use ocop_domain::admin_unit::{AdminLevel, AdminUnitId};
use ocop_domain::ids::{ProducerId, UserId};
use ocop_domain::password::check_password;
use ocop_domain::role::{Actor, Role, Scope, ScopeKind};
use ocop_domain::{ErrorCode, ValidationErrors};
use ocop_storage::audit::{self, AuditActor, AuditEvent};
use ocop_storage::entities::{session, user_account};
use ocop_storage::repo::{admin_unit_repo, producer_repo, session_repo, user_repo};
use ocop_storage::{Database, is_unique_violation};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::error::{ServiceError, ServiceResult};

/// How long a session lives without activity.
pub const SESSION_IDLE: Duration = Duration::hours(8);
/// How long a session lives at most, however active (then the user logs in again).
pub const SESSION_ABSOLUTE: Duration = Duration::days(7);
/// Shortest password accepted (the whole policy: `ocop_domain::password`).
pub use ocop_domain::password::MIN_PASSWORD_CHARS;

/// A new account.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct NewUser {
    /// Login name: 3–40 of a-z, 0-9, `.`, `_`, `-` (stored lower-case).
    pub username: String,
    /// Name shown in the interface.
    pub display_name: String,
    /// At least 10 characters.
    pub password: String,
    /// Role code.
    pub role: String,
    /// For commune and province roles: the unit id (`2025/commune/18673`, `2025/province/42`).
    /// Council roles (`council_member`, `council_secretary`) take a province, or none for the
    /// members of a central council (national scope).
    pub scope_unit_id: Option<String>,
    /// For the producer role: the producer.
    pub producer_id: Option<Uuid>,
}

/// An account as shown to administrators.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct UserDto {
    /// Identifier.
    pub id: Uuid,
    /// Login name.
    pub username: String,
    /// Display name.
    pub display_name: String,
    /// Role code.
    pub role: String,
    /// Scope unit.
    pub scope_unit_id: Option<String>,
    /// Producer (producer role).
    pub producer_id: Option<Uuid>,
    /// Whether it may log in.
    pub active: bool,
}

impl From<user_account::Model> for UserDto {
    fn from(m: user_account::Model) -> Self {
        Self {
            id: m.id,
            username: m.username,
            display_name: m.display_name,
            role: m.role,
            scope_unit_id: m.scope_unit_id,
            producer_id: m.producer_id,
            active: m.active,
        }
    }
}

/// Hashes a password with argon2id and a random salt.
pub fn hash_password(password: &str) -> ServiceResult<String> {
    let mut salt_bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut salt_bytes);
    let salt = SaltString::encode_b64(&salt_bytes).map_err(|e| ServiceError::Internal(format!("salt: {e}")))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| ServiceError::Internal(format!("password hashing failed: {e}")))
}

fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// A hash to verify against when the user does not exist, so a wrong name
/// costs the same time as a wrong password.
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password("not-a-real-password").unwrap_or_default())
}

fn valid_username(name: &str) -> bool {
    (3..=40).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || ".-_".contains(c))
}

/// The SHA-256 of a session token, which is what the database keeps.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A fresh random token (256 bits, hex).
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// Builds the acting identity of an account.
pub async fn actor_of(db: &Database, user: &user_account::Model) -> ServiceResult<Actor> {
    let role = Role::parse(&user.role).map_err(|_| ServiceError::Internal(format!("unknown role {}", user.role)))?;
    let scope = match role.scope_kind() {
        ScopeKind::National => Scope::National,
        ScopeKind::ProvinceOrNational if user.scope_unit_id.is_none() => Scope::National,
        ScopeKind::Producer => Scope::Producer {
            producer_id: ProducerId(
                user.producer_id
                    .ok_or_else(|| ServiceError::Internal("producer account without producer".into()))?,
            ),
        },
        ScopeKind::Province | ScopeKind::ProvinceOrNational | ScopeKind::Commune => {
            let id = user
                .scope_unit_id
                .as_deref()
                .ok_or_else(|| ServiceError::Internal("scoped account without unit".into()))?;
            let unit = admin_unit_repo::get(db.conn(), id)
                .await?
                .ok_or_else(|| ServiceError::Internal(format!("unknown unit {id}")))?;
            let province_code = unit.province_code.clone().unwrap_or_default();
            if role.scope_kind() == ScopeKind::Commune {
                Scope::Commune {
                    commune_code: unit.code,
                    province_code,
                }
            } else {
                Scope::Province { province_code }
            }
        }
    };
    Ok(Actor {
        user_id: UserId(user.id),
        username: user.username.clone(),
        role,
        scope,
    })
}

/// Creates an account. `by` is the administrator (none from the command line).
pub async fn create_user(db: &Database, by: Option<&Actor>, new: &NewUser) -> ServiceResult<UserDto> {
    if let Some(actor) = by
        && actor.role != Role::Administrator
    {
        return Err(ServiceError::Forbidden);
    }
    let mut errors = ValidationErrors::new();
    let username = new.username.trim().to_lowercase();
    if !valid_username(&username) {
        errors.add(
            "username",
            if username.is_empty() {
                ErrorCode::Required
            } else {
                ErrorCode::InvalidChoice
            },
        );
    }
    errors.check(
        "password",
        check_password(&new.password, &[&username, new.display_name.as_str()]),
    );
    let role = errors.check("role", Role::parse(&new.role));
    let display_name = if new.display_name.trim().is_empty() {
        username.clone()
    } else {
        new.display_name.trim().to_owned()
    };
    let mut scope_unit_id = None;
    let mut producer_id = None;
    match role.map(Role::scope_kind) {
        // A council account without a unit sits on the central council (national scope).
        Some(ScopeKind::ProvinceOrNational) if new.scope_unit_id.as_deref().is_none_or(|u| u.trim().is_empty()) => {}
        Some(kind @ (ScopeKind::Commune | ScopeKind::Province | ScopeKind::ProvinceOrNational)) => {
            let wanted = if kind == ScopeKind::Commune {
                AdminLevel::Commune
            } else {
                AdminLevel::Province
            };
            match new.scope_unit_id.as_deref().map(AdminUnitId::parse) {
                Some(Ok(id)) => match admin_unit_repo::get(db.conn(), id.as_str()).await? {
                    Some(unit) if unit.level == wanted.as_str() && unit.valid_to.is_none() => {
                        scope_unit_id = Some(unit.id)
                    }
                    Some(_) => errors.add("scope_unit_id", ErrorCode::WrongAdminLevel),
                    None => errors.add("scope_unit_id", ErrorCode::UnknownAdminUnit),
                },
                Some(Err(code)) => errors.add("scope_unit_id", code),
                None => errors.add("scope_unit_id", ErrorCode::Required),
            }
        }
        Some(ScopeKind::Producer) => match new.producer_id {
            Some(id) if producer_repo::get(db.conn(), id).await?.is_some() => producer_id = Some(id),
            Some(_) => errors.add("producer_id", ErrorCode::UnknownProducer),
            None => errors.add("producer_id", ErrorCode::Required),
        },
        _ => {}
    }
    errors.into_result()?;
    let now = ocop_storage::now();
    let row = user_account::Model {
        id: Uuid::now_v7(),
        username,
        display_name,
        password_hash: hash_password(&new.password)?,
        role: role.expect("checked").as_str().to_owned(),
        scope_unit_id,
        producer_id,
        active: true,
        failed_logins: 0,
        locked_until: None,
        created_at: now,
        updated_at: now,
    };
    let tx = db.begin_write().await?;
    if user_repo::by_username(&tx, &row.username).await?.is_some() {
        return Err(ServiceError::field("username", ErrorCode::DuplicateUsername));
    }
    user_repo::insert(&tx, row.clone()).await.map_err(|e| {
        if is_unique_violation(&e) {
            ServiceError::field("username", ErrorCode::DuplicateUsername)
        } else {
            e.into()
        }
    })?;
    let audit_actor = by.map(crate::audit_actor).unwrap_or_else(|| AuditActor::system("cli"));
    audit::append(
        &tx,
        AuditEvent {
            actor: &audit_actor,
            action: "user.create",
            entity_type: "user",
            entity_id: row.id.to_string(),
            before: None,
            after: Some(serde_json::json!({
                "username": row.username, "role": row.role, "scope_unit_id": row.scope_unit_id, "producer_id": row.producer_id,
            })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(row.into())
}

/// A successful login.
pub struct LoggedIn {
    /// The token for the cookie (only its hash is stored).
    pub token: String,
    /// Who logged in.
    pub actor: Actor,
}

/// Checks a login. Unknown names, wrong passwords and disabled accounts get the same
/// answer after the same work (a password hash is always verified, a dummy one for an
/// unknown name), so the answer tells nothing about which names exist.
pub async fn login(db: &Database, username: &str, password: &str) -> ServiceResult<LoggedIn> {
    let now = ocop_storage::now();
    let username = username.trim().to_lowercase();
    let Some(user) = user_repo::by_username(db.conn(), &username).await? else {
        let _ = verify_password(password, dummy_hash());
        return Err(ServiceError::Coded(ErrorCode::BadCredentials));
    };
    let password_ok = verify_password(password, &user.password_hash);
    if !user.active || !password_ok {
        return Err(ServiceError::Coded(ErrorCode::BadCredentials));
    }
    user_repo::record_successful_login(db.conn(), user.id).await?;
    let actor = actor_of(db, &user).await?;
    let token = random_token();
    session_repo::insert(
        db.conn(),
        session::Model {
            token_hash: token_hash(&token),
            user_id: user.id,
            created_at: now,
            expires_at: now + SESSION_IDLE,
            last_seen_at: now,
            revoked_at: None,
        },
    )
    .await?;
    Ok(LoggedIn { token, actor })
}

/// The actor behind a session token, sliding its expiry; none when the
/// session is unknown, expired, revoked, or its account disabled.
pub async fn session_actor(db: &Database, token: &str) -> ServiceResult<Option<Actor>> {
    let now = ocop_storage::now();
    let hash = token_hash(token);
    let Some(session) = session_repo::live(db.conn(), &hash, now).await? else {
        return Ok(None);
    };
    let Some(user) = user_repo::get(db.conn(), session.user_id).await? else {
        return Ok(None);
    };
    if !user.active {
        return Ok(None);
    }
    let absolute_end = session.created_at + SESSION_ABSOLUTE;
    if now >= absolute_end {
        session_repo::revoke(db.conn(), &hash, now).await?;
        return Ok(None);
    }
    if now - session.last_seen_at > Duration::minutes(5) {
        session_repo::touch(db.conn(), &hash, now, (now + SESSION_IDLE).min(absolute_end)).await?;
    }
    Ok(Some(actor_of(db, &user).await?))
}

/// Ends a session.
pub async fn logout(db: &Database, token: &str) -> ServiceResult<()> {
    session_repo::revoke(db.conn(), &token_hash(token), ocop_storage::now()).await?;
    Ok(())
}

/// Ends every session of a user; administrators only. Returns how many ended.
pub async fn revoke_sessions(db: &Database, by: &Actor, user_id: Uuid) -> ServiceResult<u64> {
    if by.role != Role::Administrator {
        return Err(ServiceError::Forbidden);
    }
    let tx = db.begin_write().await?;
    user_repo::get(&tx, user_id).await?.ok_or(ServiceError::NotFound)?;
    let ended = session_repo::revoke_all_of_user(&tx, user_id, ocop_storage::now()).await?;
    audit::append(
        &tx,
        AuditEvent {
            actor: &crate::audit_actor(by),
            action: "user.sessions.revoke",
            entity_type: "user",
            entity_id: user_id.to_string(),
            before: None,
            after: Some(serde_json::json!({ "sessions_ended": ended })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(ended)
}

/// Sets a new password for an account (administrators), clears its failed-login
/// columns and ends its sessions; returns how many sessions ended. The audit entry records
/// the reset, never the password or its hash.
pub async fn reset_password(db: &Database, by: &Actor, user_id: Uuid, password: &str) -> ServiceResult<u64> {
    if by.role != Role::Administrator {
        return Err(ServiceError::Forbidden);
    }
    let user = user_repo::get(db.conn(), user_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    check_password(password, &[&user.username, &user.display_name])
        .map_err(|code| ServiceError::field("password", code))?;
    let hash = hash_password(password)?;
    let now = ocop_storage::now();
    let tx = db.begin_write().await?;
    user_repo::get(&tx, user_id).await?.ok_or(ServiceError::NotFound)?;
    user_repo::set_password(&tx, user_id, &hash).await?;
    user_repo::record_successful_login(&tx, user_id).await?;
    let ended = session_repo::revoke_all_of_user(&tx, user_id, now).await?;
    audit::append(
        &tx,
        AuditEvent {
            actor: &crate::audit_actor(by),
            action: "user.password.reset",
            entity_type: "user",
            entity_id: user_id.to_string(),
            before: None,
            after: Some(serde_json::json!({ "sessions_ended": ended })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(ended)
}

/// Every account; administrators only.
pub async fn list_users(db: &Database, by: &Actor) -> ServiceResult<Vec<UserDto>> {
    if by.role != Role::Administrator {
        return Err(ServiceError::Forbidden);
    }
    Ok(user_repo::list(db.conn()).await?.into_iter().map(Into::into).collect())
}

/// Whether the account works for a public body — administrators, central, province and commune
/// officers — as the pages ask it: who opens a certificate's record (not only its public
/// verification page), downloads the worklist, records an inspection.
pub fn is_official(actor: &Actor) -> bool {
    matches!(
        actor.role,
        Role::Administrator | Role::CentralOfficer | Role::ProvinceOfficer | Role::CommuneOfficer
    )
}
