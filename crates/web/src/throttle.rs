//! Limits against hostile clients (issue 12).
//!
//! - **Per client address** (GCRA from the `governor` crate, atomic): verification
//!   (`GET /api/v1/verify/{code}`, `GET /v/{code}`), fake reports (`POST /v/{code}/report`),
//!   logins (`POST /api/v1/auth/login`, `POST /login`) and every other unsafe request
//!   without a session cookie. A refusal is a 429 with `Retry-After` and the code
//!   `rate_limited`, before any handler runs.
//! - **Per account** ([`LoginThrottle`]): failed logins lock nothing. After a few failures
//!   for one (account, client address) each further attempt from that address must wait
//!   an interval that doubles up to a cap; a looser budget per account (all addresses
//!   together) slows a guessing botnet. The owner on another address is not held up by
//!   one attacker. An attempt is counted as a failure *before* the password is checked
//!   (under one lock), so concurrent guesses beyond the budget are refused, not evaluated;
//!   a success clears both. Unknown names are throttled exactly like real ones, so the
//!   answer (status, message, timing) does not reveal which names exist.
//!
//! The client address is the socket peer (`ConnectInfo`); behind a reverse proxy set
//! `OCOP_TRUST_FORWARDED_FOR=1` to take the last address of `X-Forwarded-For` instead.
//! State is kept in memory per process: a restart forgets it, and N servers behind one
//! balancer allow N times the budget.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::Clock;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use ocop_domain::{ErrorCode, Lang};
use ocop_service::clients::{ClientKey, network_of};

/// A rate: `burst` requests at once, refilled evenly over `period` (`60/60s`: sixty at
/// once, then one a second).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    /// Requests allowed at once.
    pub burst: u32,
    /// Time in which the whole burst is refilled.
    pub period: Duration,
}

impl Rate {
    /// `burst` per `seconds`.
    pub const fn per(burst: u32, seconds: u64) -> Self {
        Self {
            burst,
            period: Duration::from_secs(seconds),
        }
    }

    /// Parses `N/Ss` (N requests per S seconds) or `off` (no limit).
    pub fn parse(text: &str) -> Result<Option<Self>, String> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("off") {
            return Ok(None);
        }
        let bad = || format!("`{text}`: expected N/Ss (e.g. 60/60s) or off");
        let (burst, period) = text.split_once('/').ok_or_else(bad)?;
        let burst: u32 = burst.trim().parse().map_err(|_| bad())?;
        let seconds: u64 = period.trim().trim_end_matches('s').parse().map_err(|_| bad())?;
        if burst == 0 || seconds == 0 {
            return Err(bad());
        }
        Ok(Some(Self::per(burst, seconds)))
    }

    fn quota(self) -> Quota {
        let burst = NonZeroU32::new(self.burst).unwrap_or(NonZeroU32::MIN);
        let every = (self.period / burst.get()).max(Duration::from_millis(1));
        Quota::with_period(every)
            .unwrap_or_else(|| Quota::per_second(burst))
            .allow_burst(burst)
    }
}

/// A growing delay: `free` failures cost nothing, then each further attempt waits
/// `base`, `2·base`, `4·base`… up to `max`; failures older than `forget_after` are forgotten.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// Failures allowed without a wait.
    pub free: u32,
    /// The first wait.
    pub base: Duration,
    /// The longest wait.
    pub max: Duration,
    /// Quiet time after which the failures are forgotten.
    pub forget_after: Duration,
}

impl Backoff {
    /// The wait after `failures` failures.
    pub fn delay(&self, failures: u32) -> Duration {
        if failures <= self.free {
            return Duration::ZERO;
        }
        let doublings = (failures - self.free - 1).min(30);
        self.base.saturating_mul(1u32 << doublings).min(self.max)
    }
}

/// The limits (`WebConfig::limits`); `None` switches a per-address limit off.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Verifications per client address (`OCOP_LIMIT_VERIFY`).
    pub verify: Option<Rate>,
    /// Fake reports per client address (`OCOP_LIMIT_REPORT`).
    pub report: Option<Rate>,
    /// Login attempts per client address, whatever the account (`OCOP_LIMIT_LOGIN`).
    pub login: Option<Rate>,
    /// Other unsafe requests without a session, per client address (`OCOP_LIMIT_ANONYMOUS_WRITE`).
    pub anonymous_write: Option<Rate>,
    /// Failed logins per (account, client address) (`OCOP_LOGIN_BACKOFF`: free failures).
    pub login_per_address: Option<Backoff>,
    /// Failed logins per account from all addresses together.
    pub login_per_account: Option<Backoff>,
    /// Take the client address from the last `X-Forwarded-For` entry (`OCOP_TRUST_FORWARDED_FOR`).
    pub trust_forwarded_for: bool,
    /// Secret mixed into client digests (`OCOP_CLIENT_SALT`); random per process when unset.
    pub client_salt: Option<String>,
}

impl Default for Limits {
    /// Production defaults: far above what a person, a shop or an office behind one
    /// address does, far below what a script does.
    fn default() -> Self {
        Self {
            verify: Some(Rate::per(60, 60)),
            report: Some(Rate::per(5, 600)),
            login: Some(Rate::per(60, 300)),
            anonymous_write: Some(Rate::per(60, 60)),
            login_per_address: Some(Backoff {
                free: 5,
                base: Duration::from_secs(1),
                max: Duration::from_secs(15 * 60),
                forget_after: Duration::from_secs(60 * 60),
            }),
            login_per_account: Some(Backoff {
                free: 50,
                base: Duration::from_secs(1),
                max: Duration::from_secs(60),
                forget_after: Duration::from_secs(60 * 60),
            }),
            trust_forwarded_for: false,
            client_salt: None,
        }
    }
}

impl Limits {
    /// No limit at all (test harnesses that log in and verify many times from one address).
    pub fn off() -> Self {
        Self {
            verify: None,
            report: None,
            login: None,
            anonymous_write: None,
            login_per_address: None,
            login_per_account: None,
            ..Self::default()
        }
    }

    /// The defaults overridden from the environment: `OCOP_RATE_LIMITS=off` (every
    /// per-address limit off; the login backoff stays), `OCOP_LIMIT_VERIFY`,
    /// `OCOP_LIMIT_REPORT`, `OCOP_LIMIT_LOGIN`, `OCOP_LIMIT_ANONYMOUS_WRITE` (`N/Ss` or
    /// `off`), `OCOP_TRUST_FORWARDED_FOR` (`1`/`true`), `OCOP_CLIENT_SALT`.
    pub fn from_env() -> Result<Self, String> {
        Self::from_vars(|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))
    }

    /// [`Limits::from_env`] over any source of variables.
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Self, String> {
        let mut limits = Self::default();
        if var("OCOP_RATE_LIMITS").is_some_and(|v| v.trim().eq_ignore_ascii_case("off")) {
            limits.verify = None;
            limits.report = None;
            limits.login = None;
            limits.anonymous_write = None;
        }
        for (name, slot) in [
            ("OCOP_LIMIT_VERIFY", &mut limits.verify),
            ("OCOP_LIMIT_REPORT", &mut limits.report),
            ("OCOP_LIMIT_LOGIN", &mut limits.login),
            ("OCOP_LIMIT_ANONYMOUS_WRITE", &mut limits.anonymous_write),
        ] {
            if let Some(value) = var(name) {
                *slot = Rate::parse(&value).map_err(|e| format!("{name}: {e}"))?;
            }
        }
        if let Some(value) = var("OCOP_TRUST_FORWARDED_FOR") {
            limits.trust_forwarded_for = matches!(value.trim().to_ascii_lowercase().as_str(), "1" | "true" | "yes");
        }
        limits.client_salt = var("OCOP_CLIENT_SALT");
        Ok(limits)
    }
}

/// Which per-address limit a request falls under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Verify,
    Report,
    Login,
    AnonymousWrite,
}

fn class_of(parts: &Parts) -> Option<Class> {
    let path = parts.uri.path();
    let method = &parts.method;
    if *method == Method::GET {
        let verify = path
            .strip_prefix("/api/v1/verify/")
            .is_some_and(|rest| !rest.is_empty())
            || path
                .strip_prefix("/v/")
                .is_some_and(|rest| !rest.is_empty() && !rest.contains('/'));
        return verify.then_some(Class::Verify);
    }
    if matches!(*method, Method::HEAD | Method::OPTIONS) {
        return None;
    }
    if *method == Method::POST && path.starts_with("/v/") && path.ends_with("/report") {
        return Some(Class::Report);
    }
    if *method == Method::POST && (path == "/api/v1/auth/login" || path == "/login") {
        return Some(Class::Login);
    }
    crate::auth::session_token(parts)
        .is_none()
        .then_some(Class::AnonymousWrite)
}

type AddressLimiter = DefaultKeyedRateLimiter<IpAddr>;

/// The running limiters of one router.
pub struct Guards {
    verify: Option<AddressLimiter>,
    report: Option<AddressLimiter>,
    login: Option<AddressLimiter>,
    anonymous_write: Option<AddressLimiter>,
    /// Failed-login throttle.
    pub logins: LoginThrottle,
    trust_forwarded_for: bool,
    salt: Vec<u8>,
}

impl Guards {
    /// Limiters for these limits.
    pub fn new(limits: &Limits) -> Self {
        let limiter = |rate: Option<Rate>| rate.map(|r| RateLimiter::keyed(r.quota()));
        let salt = match &limits.client_salt {
            Some(salt) => salt.as_bytes().to_vec(),
            None => {
                use rand::RngCore as _;
                let mut bytes = vec![0u8; 32];
                rand::rng().fill_bytes(&mut bytes);
                bytes
            }
        };
        Self {
            verify: limiter(limits.verify),
            report: limiter(limits.report),
            login: limiter(limits.login),
            anonymous_write: limiter(limits.anonymous_write),
            logins: LoginThrottle::new(limits.login_per_address, limits.login_per_account),
            trust_forwarded_for: limits.trust_forwarded_for,
            salt,
        }
    }

    fn limiter(&self, class: Class) -> Option<&AddressLimiter> {
        match class {
            Class::Verify => self.verify.as_ref(),
            Class::Report => self.report.as_ref(),
            Class::Login => self.login.as_ref(),
            Class::AnonymousWrite => self.anonymous_write.as_ref(),
        }
    }

    fn address_of(&self, parts: &Parts) -> IpAddr {
        if self.trust_forwarded_for
            && let Some(forwarded) = parts
                .headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .filter_map(|a| a.trim().parse::<IpAddr>().ok())
                .next_back()
        {
            return forwarded;
        }
        parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |info| info.0.ip())
    }

    fn prune(&self) {
        for limiter in [&self.verify, &self.report, &self.login, &self.anonymous_write]
            .into_iter()
            .flatten()
        {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    }
}

/// The client of a request, for handlers: its address (by network) and salted key.
#[derive(Clone)]
pub struct Client {
    /// The address the limits are keyed on.
    pub ip: IpAddr,
    /// The salted key stored for scans and reports (never the address).
    pub key: ClientKey,
    /// The router's limiters.
    pub guards: Arc<Guards>,
}

impl<S: Send + Sync> FromRequestParts<S> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        if let Some(client) = parts.extensions.get::<Client>() {
            return Ok(client.clone());
        }
        // Only a router built without `limit` (never `app::router`) gets here.
        let guards = Arc::new(Guards::new(&Limits::off()));
        let ip = guards.address_of(parts);
        Ok(Client {
            key: ClientKey::new(&guards.salt, ip),
            ip: network_of(ip),
            guards,
        })
    }
}

/// Middleware: works out the client, refuses a request over its address's limit
/// (429, `Retry-After`), and hands the client to the handlers.
pub async fn limit(
    axum::extract::State(guards): axum::extract::State<Arc<Guards>>,
    request: Request,
    next: Next,
) -> Response {
    let (mut parts, body) = request.into_parts();
    let ip = guards.address_of(&parts);
    let network = network_of(ip);
    if let Some(limiter) = class_of(&parts).and_then(|class| guards.limiter(class))
        && let Err(not_until) = limiter.check_key(&network)
    {
        let wait = not_until.wait_time_from(limiter.clock().now());
        let lang = crate::i18n::lang_of(&parts);
        return refusal(&parts, lang, ErrorCode::RateLimited, wait);
    }
    if guards.logins.tick() {
        guards.prune();
    }
    parts.extensions.insert(Client {
        key: ClientKey::new(&guards.salt, ip),
        ip: network,
        guards: guards.clone(),
    });
    next.run(Request::from_parts(parts, body)).await
}

/// A 429 with `Retry-After` (whole seconds, at least 1): JSON for the API, the error page elsewhere.
pub fn refusal(parts: &Parts, lang: Lang, code: ErrorCode, wait: Duration) -> Response {
    let mut response = crate::error::error_response(parts, lang, code, None);
    with_retry_after(&mut response, wait);
    response
}

/// Sets `Retry-After` to `wait` rounded up to whole seconds (at least 1).
pub fn with_retry_after(response: &mut Response, wait: Duration) {
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(seconds.max(1)));
}

/// A login refused by the throttle: wait this long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wait(pub Duration);

impl Wait {
    /// The API's 429 (`too_many_attempts`) with `Retry-After`.
    pub fn api_response(self, lang: Lang) -> Response {
        let mut response = crate::error::ApiError::code(ErrorCode::TooManyAttempts, lang).into_response();
        with_retry_after(&mut response, self.0);
        response
    }
}

#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    not_before: Instant,
    last: Instant,
}

#[derive(Default)]
struct ThrottleState {
    pairs: HashMap<(String, IpAddr), Failures>,
    accounts: HashMap<String, Failures>,
}

/// Failed logins per (account, address) and per account; see the module documentation.
pub struct LoginThrottle {
    per_address: Option<Backoff>,
    per_account: Option<Backoff>,
    state: Mutex<ThrottleState>,
    ticks: AtomicU32,
}

/// Requests between two prunings of the throttle's and limiters' memory.
const PRUNE_EVERY: u32 = 4096;

impl LoginThrottle {
    /// A throttle with these backoffs (`None`: that dimension is not throttled).
    pub fn new(per_address: Option<Backoff>, per_account: Option<Backoff>) -> Self {
        Self {
            per_address,
            per_account,
            state: Mutex::new(ThrottleState::default()),
            ticks: AtomicU32::new(0),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ThrottleState> {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Counts a request; true every [`PRUNE_EVERY`] requests, when forgotten failures are
    /// dropped (the caller then prunes the address limiters too).
    fn tick(&self) -> bool {
        if !self
            .ticks
            .fetch_add(1, Ordering::Relaxed)
            .wrapping_add(1)
            .is_multiple_of(PRUNE_EVERY)
        {
            return false;
        }
        let mut state = self.lock();
        let now = Instant::now();
        if let Some(backoff) = self.per_address {
            state
                .pairs
                .retain(|_, f| now.saturating_duration_since(f.last) < backoff.forget_after);
        }
        if let Some(backoff) = self.per_account {
            state
                .accounts
                .retain(|_, f| now.saturating_duration_since(f.last) < backoff.forget_after);
        }
        true
    }

    /// Starts a login attempt for `username` from `ip`: refused with the wait while
    /// either the pair or the account must wait; otherwise counted as a failure until
    /// [`LoginThrottle::succeeded`] says otherwise.
    pub fn begin(&self, username: &str, ip: IpAddr) -> Result<(), Wait> {
        let account = username.trim().to_lowercase();
        let pair = (account.clone(), network_of(ip));
        let now = Instant::now();
        let mut state = self.lock();
        let pair_wait = self.per_address.and_then(|backoff| {
            let entry = state.pairs.get(&pair)?;
            waiting(entry, backoff, now)
        });
        let account_wait = self.per_account.and_then(|backoff| {
            let entry = state.accounts.get(&account)?;
            waiting(entry, backoff, now)
        });
        if let Some(wait) = pair_wait.max(account_wait) {
            return Err(Wait(wait));
        }
        if let Some(backoff) = self.per_address {
            count_failure(state.pairs.entry(pair).or_insert_with(|| fresh(now)), backoff, now);
        }
        if let Some(backoff) = self.per_account {
            count_failure(
                state.accounts.entry(account).or_insert_with(|| fresh(now)),
                backoff,
                now,
            );
        }
        Ok(())
    }

    /// The attempt begun for `username` from `ip` succeeded: both counters are cleared.
    pub fn succeeded(&self, username: &str, ip: IpAddr) {
        let account = username.trim().to_lowercase();
        let mut state = self.lock();
        state.pairs.remove(&(account.clone(), network_of(ip)));
        state.accounts.remove(&account);
    }
}

fn fresh(now: Instant) -> Failures {
    Failures {
        count: 0,
        not_before: now,
        last: now,
    }
}

/// The remaining wait of an entry, if any (an entry quiet for `forget_after` waits for nothing).
fn waiting(entry: &Failures, backoff: Backoff, now: Instant) -> Option<Duration> {
    if now.saturating_duration_since(entry.last) >= backoff.forget_after {
        return None;
    }
    let wait = entry.not_before.saturating_duration_since(now);
    (!wait.is_zero()).then_some(wait)
}

fn count_failure(entry: &mut Failures, backoff: Backoff, now: Instant) {
    if now.saturating_duration_since(entry.last) >= backoff.forget_after {
        entry.count = 0;
    }
    entry.count = entry.count.saturating_add(1);
    entry.last = now;
    entry.not_before = now + backoff.delay(entry.count);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn backoff(free: u32) -> Backoff {
        Backoff {
            free,
            base: Duration::from_secs(1),
            max: Duration::from_secs(60),
            forget_after: Duration::from_secs(3600),
        }
    }

    #[test]
    fn the_delay_doubles_after_the_free_failures_up_to_the_cap() {
        let b = backoff(5);
        let delays: Vec<u64> = (1..=13).map(|n| b.delay(n).as_secs()).collect();
        assert_eq!(delays, [0, 0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 60, 60]);
        assert_eq!(b.delay(u32::MAX), Duration::from_secs(60));
    }

    #[test]
    fn rates_parse_or_switch_off() {
        assert_eq!(Rate::parse("60/60s"), Ok(Some(Rate::per(60, 60))));
        assert_eq!(Rate::parse(" 5/600 "), Ok(Some(Rate::per(5, 600))));
        assert_eq!(Rate::parse("OFF"), Ok(None));
        assert!(Rate::parse("0/60s").is_err());
        assert!(Rate::parse("many").is_err());
    }

    #[test]
    fn environment_overrides_the_defaults() {
        let vars = |name: &str| match name {
            "OCOP_RATE_LIMITS" => Some("off".to_owned()),
            "OCOP_LIMIT_REPORT" => Some("2/60s".to_owned()),
            "OCOP_TRUST_FORWARDED_FOR" => Some("1".to_owned()),
            _ => None,
        };
        let limits = Limits::from_vars(vars).unwrap();
        assert_eq!(limits.verify, None);
        assert_eq!(limits.report, Some(Rate::per(2, 60)));
        assert!(limits.trust_forwarded_for);
        assert!(
            limits.login_per_address.is_some(),
            "the login backoff is not a per-address rate"
        );
        assert!(Limits::from_vars(|n| (n == "OCOP_LIMIT_LOGIN").then(|| "x".to_owned())).is_err());
    }

    #[test]
    fn an_attacker_address_waits_while_the_owner_address_does_not() {
        let throttle = LoginThrottle::new(Some(backoff(3)), Some(backoff(10)));
        let attacker: IpAddr = "198.51.100.1".parse().unwrap();
        let owner: IpAddr = "203.0.113.9".parse().unwrap();
        for _ in 0..4 {
            assert!(throttle.begin("Admin", attacker).is_ok());
        }
        let Err(Wait(wait)) = throttle.begin("admin", attacker) else {
            panic!("the fifth attempt from the attacker must wait");
        };
        assert!(wait > Duration::ZERO && wait <= Duration::from_secs(1));
        assert!(throttle.begin("admin", owner).is_ok());
        throttle.succeeded("admin", owner);
        assert!(
            throttle.begin("admin", attacker).is_err(),
            "the owner's success does not free the attacker"
        );
    }

    #[test]
    fn classes_follow_method_and_path() {
        let parts = |method: &str, uri: &str| {
            axum::http::Request::builder()
                .method(method)
                .uri(uri)
                .body(())
                .unwrap()
                .into_parts()
                .0
        };
        assert_eq!(class_of(&parts("GET", "/v/ABC")), Some(Class::Verify));
        assert_eq!(class_of(&parts("GET", "/api/v1/verify/ABC")), Some(Class::Verify));
        assert_eq!(class_of(&parts("GET", "/v")), None);
        assert_eq!(class_of(&parts("GET", "/catalogue")), None);
        assert_eq!(class_of(&parts("POST", "/v/ABC/report")), Some(Class::Report));
        assert_eq!(class_of(&parts("POST", "/login")), Some(Class::Login));
        assert_eq!(class_of(&parts("POST", "/api/v1/auth/login")), Some(Class::Login));
        assert_eq!(
            class_of(&parts("POST", "/api/v1/producers")),
            Some(Class::AnonymousWrite)
        );
    }
}
