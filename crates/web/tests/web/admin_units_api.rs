//! `GET /api/v1/admin-units`: both lists by date, search, children, succession.

use crate::common;

use common::TestApp;

#[tokio::test]
async fn totals_follow_the_date_asked() {
    let app = TestApp::spawn().await;
    let mut client = app.client();
    let total = |r: common::TestResponse| r.json()["total"].as_u64().expect("total");
    assert_eq!(total(client.get("/api/v1/admin-units?level=province").await), 34);
    assert_eq!(
        total(client.get("/api/v1/admin-units?level=province&on=2025-06-30").await),
        63
    );
    assert_eq!(total(client.get("/api/v1/admin-units?level=commune").await), 3_321);
    assert_eq!(
        total(client.get("/api/v1/admin-units?level=commune&on=2025-06-30").await),
        10_035
    );
    assert_eq!(
        total(client.get("/api/v1/admin-units?level=district&on=30/06/2025").await),
        696
    );
    assert_eq!(
        total(client.get("/api/v1/admin-units?level=district").await),
        0,
        "no districts since 01/07/2025"
    );
}

#[tokio::test]
async fn search_is_folded_and_lists_are_in_vietnamese_order() {
    let app = TestApp::spawn().await;
    let mut client = app.client();
    for q in ["cam%20xuyen", "C%E1%BA%A8M%20XUY%C3%8AN", "Ca%CC%89m%20Xuye%CC%82n"] {
        let response = client.get(&format!("/api/v1/admin-units?level=commune&q={q}")).await;
        let names: Vec<String> = response.json()["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["full_name"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(names, ["Xã Cẩm Xuyên"], "query {q}");
    }
    let response = client.get("/api/v1/admin-units?level=province&limit=200").await;
    let names: Vec<String> = response.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["name"].as_str().unwrap().to_owned())
        .collect();
    let position = |name: &str| {
        names
            .iter()
            .position(|n| n == name)
            .unwrap_or_else(|| panic!("{name} missing from {names:?}"))
    };
    assert_eq!(names[0], "An Giang");
    assert!(position("Cà Mau") < position("Cao Bằng"), "à sorts with a: {names:?}");
    assert!(
        position("Đà Nẵng") > position("Cần Thơ") && position("Đà Nẵng") < position("Gia Lai"),
        "đ after d, before g: {names:?}"
    );
    assert!(position("Điện Biên") > position("Đà Nẵng"));
}

#[tokio::test]
async fn children_and_successors_link_the_two_lists() {
    let app = TestApp::spawn().await;
    let mut client = app.client();
    let districts = client
        .get("/api/v1/admin-units/pre2025/province/42/children?limit=200")
        .await;
    assert_eq!(districts.status, 200, "{}", districts.text);
    let names: Vec<String> = districts.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["full_name"].as_str().unwrap().to_owned())
        .collect();
    assert!(names.contains(&"Huyện Cẩm Xuyên".to_owned()), "{names:?}");
    let communes = client
        .get("/api/v1/admin-units/2025/province/42/children?limit=1")
        .await;
    assert!(communes.json()["total"].as_u64().unwrap() > 50);
    let successors = client.get("/api/v1/admin-units/pre2025/commune/18673/successors").await;
    let json = successors.json();
    assert_eq!(json["successors"][0]["unit"]["full_name"], "Xã Cẩm Xuyên");
    assert_eq!(json["current"][0]["id"], "2025/commune/18673");
    let new = client.get("/api/v1/admin-units/2025/commune/18673").await.json();
    let old: Vec<&str> = new["predecessors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["unit"]["full_name"].as_str().unwrap())
        .collect();
    assert!(old.contains(&"Thị trấn Cẩm Xuyên"), "{old:?}");
}

#[tokio::test]
async fn bad_parameters_are_clear_4xx_errors() {
    let app = TestApp::spawn().await;
    let mut client = app.client();
    let response = client.get("/api/v1/admin-units?level=village").await;
    assert_eq!(response.status, 422);
    assert_eq!(
        response.field_codes(),
        [("level".to_owned(), "invalid_choice".to_owned())]
    );
    let response = client.get("/api/v1/admin-units?on=31/02/2025").await;
    assert_eq!(response.status, 422);
    assert_eq!(response.field_codes(), [("on".to_owned(), "invalid_date".to_owned())]);
    assert!(
        response.json()["error"]["fields"][0]["message"]
            .as_str()
            .unwrap()
            .contains("dd/mm/yyyy")
    );
    let response = client.get("/api/v1/admin-units?limit=abc").await;
    assert_eq!(response.status, 400);
    assert_eq!(response.error_code(), "bad_request");
    let response = client.get("/api/v1/admin-units/2025/commune/99999").await;
    assert_eq!(response.status, 404);
    let response = client.get("/api/v1/admin-units/2025/commune/..%2F..").await;
    assert_eq!(response.status, 404);
}
