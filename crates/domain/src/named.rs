//! One place for the names of a workflow's states and steps: [`named_enum!`] declares an enum
//! whose every variant carries its stored (API) name and its Vietnamese and English labels,
//! and derives the conversions from that single list — `as_str`, `parse`, `label`, `ALL` and
//! serde under the same names — so no layer keeps a second vocabulary.
//!
//! There is deliberately no `Display`: a page shows `label()`, never the stored name.

/// A stored name that no variant carries.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} name {name:?}")]
pub struct UnknownName {
    /// The enum asked for (`BatchState`, …).
    pub kind: &'static str,
    /// The name found.
    pub name: String,
}

/// Declares a named enum (see the module documentation):
///
/// ```ignore
/// named_enum! {
///     /// Doc.
///     pub enum BatchState {
///         /// Doc.
///         Planned = "planned" => ("Đang chuẩn bị", "Being prepared"),
///     }
/// }
/// ```
#[macro_export]
macro_rules! named_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = $code:literal => ($vi:literal, $en:literal),
            )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum $name {
            $(
                $(#[$vmeta])*
                #[serde(rename = $code)]
                $variant,
            )+
        }

        impl $name {
            /// Every value, in the order of the workflow.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored (and API) name.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $code,)+
                }
            }

            /// Parses a stored name.
            pub fn parse(text: &str) -> Result<Self, $crate::named::UnknownName> {
                match text.trim() {
                    $($code => Ok($name::$variant),)+
                    other => Err($crate::named::UnknownName {
                        kind: stringify!($name),
                        name: other.to_owned(),
                    }),
                }
            }

            /// Vietnamese and English labels, as pages and documents show them.
            pub fn label(self) -> (&'static str, &'static str) {
                match self {
                    $($name::$variant => ($vi, $en),)+
                }
            }

            /// The label in `lang`.
            pub fn label_in(self, lang: $crate::Lang) -> &'static str {
                let (vi, en) = self.label();
                lang.pick(vi, en)
            }
        }
    };
}
