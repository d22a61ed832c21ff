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
        pub enum $name {
            $(
                $(#[$vmeta])*
                #[serde(rename = $code)]
                $variant,
            )+
        }

        // The schema is written by hand: utoipa's derive does not see a `serde(rename)` whose
        // value comes through a macro fragment, and would publish the variant names instead of
        // the stored names the API sends.
        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some([$($code),+]))
                    .description(Some(concat!(
                        "One of: ",
                        $($code, " (", $vi, " / ", $en, "); ",)+
                    )))
                    .into()
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {
            fn name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed(stringify!($name))
            }
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
