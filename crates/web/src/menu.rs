//! The site menu: the pages worth a place in it, each shown only to the roles that may open
//! it. Who may open a page is read from the route table's role gates (`access.toml`, the same
//! rows the access tests walk), never from a second list here: a page whose `GET` row names
//! `public` is shown to everyone, else to the roles it lists.

use std::collections::HashMap;
use std::sync::LazyLock;

use ocop_domain::Lang;
use ocop_domain::role::Role;
use serde::Deserialize;

/// The access table, compiled in.
const ACCESS_TOML: &str = include_str!("../access.toml");

#[derive(Deserialize)]
struct AccessFile {
    route: Vec<AccessRow>,
}

#[derive(Deserialize)]
struct AccessRow {
    method: String,
    path: String,
    roles: Vec<String>,
}

/// `GET` path → the roles (or `public`) of its row.
static GATES: LazyLock<HashMap<String, Vec<String>>> = LazyLock::new(|| {
    let file: AccessFile = toml::from_str(ACCESS_TOML).expect("access.toml parses (tests/access.rs reads it too)");
    file.route
        .into_iter()
        .filter(|r| r.method == "GET")
        .map(|r| (r.path, r.roles))
        .collect()
});

/// One entry of the menu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MenuItem {
    /// Where it leads.
    pub href: &'static str,
    /// Its text in the page's language.
    pub label: &'static str,
    /// A stable name for tests (`nav-dossiers`).
    pub test_id: &'static str,
    /// True when the current page is this entry or below it.
    pub current: bool,
}

/// The pages of the menu in order: path, Vietnamese, English, test id.
const PAGES: [(&str, &str, &str, &str); 12] = [
    ("/catalogue", "Danh mục OCOP", "Catalogue", "nav-catalogue"),
    ("/products", "Sản phẩm", "Products", "nav-products"),
    ("/producers", "Chủ thể", "Producers", "nav-producers"),
    ("/dossiers", "Hồ sơ OCOP", "Dossiers", "nav-dossiers"),
    ("/ideas", "Ý tưởng", "Ideas", "nav-ideas"),
    ("/batches", "Hội đồng", "Councils", "nav-batches"),
    ("/central", "Đề nghị 5 sao", "5★ proposals", "nav-central"),
    ("/programme", "Chương trình", "Programme", "nav-programme"),
    ("/oversight", "Hậu kiểm", "Oversight", "nav-oversight"),
    (
        "/admin-units",
        "Đơn vị hành chính",
        "Administrative units",
        "nav-admin-units",
    ),
    ("/criteria-sets", "Bộ tiêu chí", "Criteria sets", "nav-criteria-sets"),
    ("/audit", "Nhật ký", "Audit trail", "nav-audit"),
];

/// True when `role` (none: not logged in) may open `GET path` by the route table.
pub fn may_open(role: Option<Role>, path: &str) -> bool {
    GATES.get(path).is_some_and(|roles| {
        roles
            .iter()
            .any(|r| r == "public" || role.is_some_and(|role| role.as_str() == r))
    })
}

/// The menu for `role` on the page at `current_path`.
pub fn menu(role: Option<Role>, lang: Lang, current_path: &str) -> Vec<MenuItem> {
    PAGES
        .iter()
        .filter(|(href, ..)| may_open(role, href))
        .map(|&(href, vi, en, test_id)| {
            // A producer's product list holds only its own products.
            let (vi, en) = if href == "/products" && role == Some(Role::Producer) {
                ("Sản phẩm của tôi", "My products")
            } else {
                (vi, en)
            };
            MenuItem {
                href,
                label: lang.pick(vi, en),
                test_id,
                current: current_path == href || current_path.starts_with(&format!("{href}/")),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hrefs(role: Option<Role>) -> Vec<&'static str> {
        menu(role, Lang::Vi, "/").into_iter().map(|i| i.href).collect()
    }

    #[test]
    fn every_menu_page_has_a_get_row() {
        for (href, ..) in PAGES {
            assert!(GATES.contains_key(href), "{href} has no GET row in access.toml");
        }
    }

    #[test]
    fn a_council_member_sees_no_page_it_cannot_open() {
        let pages = hrefs(Some(Role::CouncilMember));
        assert!(pages.contains(&"/batches"));
        assert!(!pages.contains(&"/dossiers"), "{pages:?}");
        assert!(!pages.contains(&"/ideas"), "{pages:?}");
        assert!(!pages.contains(&"/audit"), "{pages:?}");
    }

    #[test]
    fn the_public_sees_only_public_pages() {
        let pages = hrefs(None);
        assert!(pages.contains(&"/catalogue"));
        for private in ["/dossiers", "/ideas", "/batches", "/central", "/programme", "/audit"] {
            assert!(!pages.contains(&private), "{private} in {pages:?}");
        }
    }

    #[test]
    fn the_current_page_is_marked() {
        let items = menu(Some(Role::Producer), Lang::Vi, "/dossiers/0190");
        let current: Vec<_> = items.iter().filter(|i| i.current).map(|i| i.href).collect();
        assert_eq!(current, ["/dossiers"]);
        assert!(items.iter().any(|i| i.label == "Sản phẩm của tôi"));
    }
}
