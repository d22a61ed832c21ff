//! Failures of a use case, each mapped to a stable [`ErrorCode`].

use ocop_domain::{ErrorCode, ValidationErrors};
use ocop_storage::DbErr;

/// Why a use case did not happen.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// Some input fields are invalid.
    #[error("validation failed: {0:?}")]
    Validation(ValidationErrors),
    /// Rejected as a whole with a code of its own (an import with bad rows),
    /// with the failures of each field or row.
    #[error("rejected {0:?}: {1:?}")]
    Rejected(ErrorCode, ValidationErrors),
    /// Not logged in.
    #[error("not logged in")]
    Unauthenticated,
    /// Logged in but not allowed.
    #[error("forbidden")]
    Forbidden,
    /// No such object (or not visible to this user).
    #[error("not found")]
    NotFound,
    /// The object changed meanwhile or the action does not fit its state.
    #[error("conflict: {0:?}")]
    Conflict(ErrorCode),
    /// A refusal that names how many there are of how many are needed (a quorum).
    #[error("{code:?}: {have} of {need}")]
    Counted {
        /// The code.
        code: ErrorCode,
        /// How many there are.
        have: usize,
        /// How many are needed.
        need: usize,
    },
    /// A refusal about one row that names it: the dossier whose members' totals lie further
    /// apart than the rule allows, and by how much (closing a batch).
    #[error("{code:?}: {subject} spread {spread} over {limit}")]
    OverSpread {
        /// The code.
        code: ErrorCode,
        /// The dossier, by its product's name.
        subject: String,
        /// Highest minus lowest total.
        spread: ocop_domain::evaluation::Points,
        /// The largest spread allowed.
        limit: ocop_domain::evaluation::Points,
    },
    /// A failure with its own code (bad credentials, throttling, …).
    #[error("{0:?}")]
    Coded(ErrorCode),
    /// The database is unreachable.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// Anything else: a bug or an I/O failure; logged, shown as an incident.
    #[error("internal: {0}")]
    Internal(String),
}

impl ServiceError {
    /// The code shown to the user.
    pub fn code(&self) -> ErrorCode {
        match self {
            ServiceError::Validation(_) => ErrorCode::ValidationFailed,
            ServiceError::Rejected(code, _) => *code,
            ServiceError::Unauthenticated => ErrorCode::Unauthenticated,
            ServiceError::Forbidden => ErrorCode::Forbidden,
            ServiceError::NotFound => ErrorCode::NotFound,
            ServiceError::Conflict(code) | ServiceError::Coded(code) | ServiceError::Counted { code, .. } => *code,
            ServiceError::OverSpread { code, .. } => *code,
            ServiceError::Unavailable(_) => ErrorCode::ServiceUnavailable,
            ServiceError::Internal(_) => ErrorCode::Internal,
        }
    }

    /// The field failures carried, if any.
    pub fn field_errors(&self) -> Option<&ValidationErrors> {
        match self {
            ServiceError::Validation(errors) | ServiceError::Rejected(_, errors) => Some(errors),
            _ => None,
        }
    }

    /// A single-field validation failure.
    pub fn field(field: &str, code: ErrorCode) -> Self {
        let mut errors = ValidationErrors::new();
        errors.add(field, code);
        ServiceError::Validation(errors)
    }
}

impl From<ValidationErrors> for ServiceError {
    fn from(errors: ValidationErrors) -> Self {
        ServiceError::Validation(errors)
    }
}

impl From<DbErr> for ServiceError {
    fn from(err: DbErr) -> Self {
        match &err {
            DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => ServiceError::Unavailable(err.to_string()),
            _ if is_connection_failure(&err) => ServiceError::Unavailable(err.to_string()),
            _ if is_storage_full(&err.to_string()) => {
                tracing::error!(error = %err, "the database's disk is full");
                ServiceError::Coded(ErrorCode::StorageFull)
            }
            _ => ServiceError::Internal(err.to_string()),
        }
    }
}

fn is_connection_failure(err: &DbErr) -> bool {
    let text = err.to_string().to_ascii_lowercase();
    [
        "connection refused",
        "pool timed out",
        "broken pipe",
        "connection reset",
        "terminating connection",
        "database is locked",
    ]
    .iter()
    .any(|needle| text.contains(needle))
}

/// SQLite's `SQLITE_FULL`, PostgreSQL's `disk_full` (53100) and the OS's `ENOSPC`.
fn is_storage_full(text: &str) -> bool {
    let text = text.to_ascii_lowercase();
    [
        "database or disk is full",
        "no space left on device",
        "could not extend file",
        "disk full",
    ]
    .iter()
    .any(|needle| text.contains(needle))
}

impl From<std::io::Error> for ServiceError {
    fn from(err: std::io::Error) -> Self {
        if err.kind() == std::io::ErrorKind::StorageFull || is_storage_full(&err.to_string()) {
            tracing::error!(error = %err, "the data directory's disk is full");
            return ServiceError::Coded(ErrorCode::StorageFull);
        }
        ServiceError::Internal(err.to_string())
    }
}

/// Shorthand.
pub type ServiceResult<T> = Result<T, ServiceError>;

impl From<ocop_domain::named::UnknownName> for ServiceError {
    /// A stored state or step name no enum knows: the row is corrupt, not the request.
    fn from(e: ocop_domain::named::UnknownName) -> Self {
        ServiceError::Internal(e.to_string())
    }
}

impl From<ocop_domain::evaluation::batch::InvalidTransition> for ServiceError {
    /// A batch step out of order: 409 with its stable code.
    fn from(e: ocop_domain::evaluation::batch::InvalidTransition) -> Self {
        ServiceError::Conflict(e.into())
    }
}

impl From<ocop_domain::cycle::InvalidTransition> for ServiceError {
    /// An idea's or a business plan's step out of order: 409 `invalid_transition`.
    fn from(e: ocop_domain::cycle::InvalidTransition) -> Self {
        ServiceError::Conflict(e.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_disk_is_a_coded_refusal_not_an_internal_error() {
        let sqlite = DbErr::Exec(sea_orm::RuntimeErr::Internal(
            "error returned from database: (code: 13) database or disk is full".into(),
        ));
        assert_eq!(ServiceError::from(sqlite).code(), ErrorCode::StorageFull);
        let io = std::io::Error::from(std::io::ErrorKind::StorageFull);
        assert_eq!(ServiceError::from(io).code(), ErrorCode::StorageFull);
        let other = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        assert_eq!(ServiceError::from(other).code(), ErrorCode::Internal);
    }
}
