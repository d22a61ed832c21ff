//! Validated identifiers: tax codes, registration numbers, GTINs, phones, e-mails.
//!
//! Each is a newtype built only through `parse`, which accepts the forms people
//! type, rejects the rest with an [`ErrorCode`](crate::ErrorCode), and keeps a
//! canonical string. Serde writes that string and reads back through `parse`.

mod email;
mod gtin;
mod phone;
mod registration;
mod tax_code;

pub use email::Email;
pub use gtin::Gtin;
pub use phone::PhoneNumber;
pub use registration::RegistrationNumber;
pub use tax_code::{TaxCode, tax_code_check_digit};

/// Implements `as_str`, `Display`, `AsRef<str>`, `FromStr` and string serde for
/// a newtype over `String` that has `parse(&str) -> Result<Self, ErrorCode>`.
macro_rules! string_identifier {
    ($name:ident) => {
        impl $name {
            /// The canonical form.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::ErrorCode;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let raw = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(deserializer)?;
                Self::parse(&raw).map_err(|code| <D::Error as ::serde::de::Error>::custom(code.as_str()))
            }
        }
    };
}
pub(crate) use string_identifier;
