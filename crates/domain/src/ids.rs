//! Identifiers of the things the system keeps. Keys are generated in Rust
//! (UUIDv7: time-ordered, so indexes stay compact) and never reused.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! uuid_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A fresh, time-ordered identifier.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }

            /// Parses the hyphenated text form.
            pub fn parse(text: &str) -> Option<Self> {
                Uuid::parse_str(text.trim()).ok().map(Self)
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

uuid_id!(
    /// Identifies a producer (chủ thể).
    ProducerId
);
uuid_id!(
    /// Identifies a product.
    ProductId
);
uuid_id!(
    /// Identifies a user account.
    UserId
);
uuid_id!(
    /// Identifies a certification a producer holds (VietGAP, HACCP, …).
    CertificationId
);
uuid_id!(
    /// Identifies a stored photo of a product.
    PhotoId
);
