//! The national dashboard (issue 15, part 6): a central officer sees the whole country with a
//! line per today's province that agrees with the province's own dashboard; a province officer
//! is refused; `unit_id=national` and a central officer's bare dashboard lead there.

use crate::common;

use common::{TestApp, TestClient, producer_body, tax_code};
use serde_json::{Value, json};

const CAM_XUYEN: &str = "2025/commune/18673"; // Hà Tĩnh (42)
const HA_TINH: &str = "2025/province/42";

fn day(offset: i64) -> String {
    ((chrono::Utc::now() + chrono::Duration::hours(7)).date_naive() + chrono::Duration::days(offset)).to_string()
}

/// A certified product of Hà Tĩnh with `stars`, and a support for its producer: the producer's id.
async fn certified(admin: &mut TestClient, seed: u64, stars: u8) -> String {
    let producer = admin
        .post_json(
            "/api/v1/producers",
            &producer_body(&format!("HTX Cả nước {seed}"), &tax_code(9300 + seed), CAM_XUYEN),
        )
        .await;
    assert_eq!(producer.status, 201, "{}", producer.text);
    let product = admin
        .post_json(
            "/api/v1/products",
            &json!({ "name": format!("Mật ong {seed}"), "producer_id": producer.json()["id"],
                     "product_set_code": "I.4.a", "commune_id": CAM_XUYEN }),
        )
        .await;
    assert_eq!(product.status, 201, "{}", product.text);
    let issued = admin
        .record_certificates(&json!({
            "decision": { "number": format!("{seed}/QĐ-UBND"), "decided_on": day(-30), "issuer_name": "UBND tỉnh Hà Tĩnh",
                          "issuer_level": "province", "legal_basis": "qd148" },
            "items": [{ "product_id": product.json()["id"], "stars": stars, "score": 80.0 }],
        }))
        .await;
    assert_eq!(issued.status, 201, "{}", issued.text);
    producer.json()["id"].as_str().unwrap().to_owned()
}

fn province<'a>(national: &'a Value, unit_id: &str) -> &'a Value {
    national["provinces"]
        .as_array()
        .expect("provinces")
        .iter()
        .find(|p| p["unit_id"] == unit_id)
        .unwrap_or_else(|| panic!("{unit_id} in {national}"))
}

#[tokio::test]
async fn central_officers_see_the_country_by_province_and_drill_down() {
    let app = TestApp::spawn().await;
    let mut admin = app.login_as("qg.admin", "administrator", None, None).await;
    let producer = certified(&mut admin, 1, 3).await;
    certified(&mut admin, 2, 4).await;
    let support = admin
        .post_json(
            "/api/v1/programme/supports",
            &json!({ "unit_id": HA_TINH, "producer_id": producer, "amount_vnd": 150_000_000,
                     "source": "local_budget", "purpose": "Hỗ trợ bao bì", "disbursed_on": day(0) }),
        )
        .await;
    assert_eq!(support.status, 201, "{}", support.text);

    let mut central = app.login_as("qg.tw", "central_officer", None, None).await;
    let national = central.get("/api/v1/programme/dashboard/national").await;
    assert_eq!(national.status, 200, "{}", national.text);
    let national = national.json();
    assert_eq!(
        national["provinces"].as_array().map(Vec::len),
        Some(34),
        "one line per province since 07/2025"
    );
    let ha_tinh = province(&national, HA_TINH);
    assert_eq!(ha_tinh["name"], "Tỉnh Hà Tĩnh");
    assert_eq!(
        (ha_tinh["three_stars"].as_i64(), ha_tinh["four_stars"].as_i64()),
        (Some(1), Some(1))
    );
    assert_eq!(ha_tinh["total"], 2);
    assert_eq!(ha_tinh["support_vnd_year"], 150_000_000);
    assert_eq!(national["total"], 2, "the country holds what its provinces hold");
    assert_eq!(national["support_vnd_year"], 150_000_000);
    let stars: Vec<i64> = national["by_star"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["count"].as_i64().unwrap())
        .collect();
    assert_eq!(stars, vec![1, 1, 0]);
    assert!(
        national["map"].as_str().unwrap().contains("Tỉnh Hà Tĩnh — 2"),
        "the map marks Hà Tĩnh"
    );

    // The province's own dashboard agrees with its line.
    let own = central
        .get(&format!("/api/v1/programme/dashboard?unit_id={HA_TINH}"))
        .await;
    assert_eq!(own.status, 200, "{}", own.text);
    let own_stars: i64 = own.json()["by_star"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["count"].as_i64().unwrap())
        .sum();
    assert_eq!(own_stars, 2);

    // The page: names, not codes, and each name opens the province's dashboard.
    let page = central.get("/programme/dashboard/national").await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(page.text.contains("data-testid=\"national-provinces\""));
    assert!(
        page.text.contains("150.000.000"),
        "support in VND as officials write it"
    );
    assert!(
        page.text
            .contains("/programme/dashboard?unit_id=2025/province/42&amp;on="),
        "Hà Tĩnh's name links to its dashboard"
    );
    // A central officer's bare dashboard and unit_id=national lead to the national page.
    for path in ["/programme/dashboard", "/programme/dashboard?unit_id=national"] {
        let bare = central.get(path).await;
        assert_eq!(bare.status, 303, "{path}: {}", bare.text);
    }

    // A province officer reads its own province, not the country.
    let mut officer = app.login_as("qg.ht", "province_officer", Some(HA_TINH), None).await;
    let refused = officer.get("/api/v1/programme/dashboard/national").await;
    assert_eq!(refused.status, 403, "{}", refused.text);
    let refused = officer.get("/programme/dashboard?unit_id=national").await;
    assert_ne!(refused.status, 200, "the redirect ends in a refusal, not the country");
}
