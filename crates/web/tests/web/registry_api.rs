//! Producers and products through the API: validation, folded search,
//! Vietnamese order, roles and areas, CSRF, optimistic locking, photos.

use crate::common;

use common::{TestApp, producer_body, tax_code};
use serde_json::json;

const CAM_XUYEN_OLD: &str = "pre2025/commune/18673"; // Thị trấn Cẩm Xuyên, Huyện Cẩm Xuyên
const CAM_XUYEN_NEW: &str = "2025/commune/18673"; // Xã Cẩm Xuyên
const HA_NOI_BA_DINH: &str = "2025/commune/00004"; // Phường Ba Đình

async fn product(client: &mut common::TestClient, name: &str, producer: &str, commune: &str) -> serde_json::Value {
    let response = client
        .post_json(
            "/api/v1/products",
            &json!({ "name": name, "producer_id": producer, "product_set_code": "I.4.a", "commune_id": commune }),
        )
        .await;
    assert_eq!(response.status, 201, "{}", response.text);
    response.json()
}

#[tokio::test]
async fn cam_xuyen_finds_products_recorded_under_old_and_new_units() {
    let app = TestApp::spawn().await;
    common::publish_sample_sheets(&app).await;
    let mut admin = app.login_as("quantri", "administrator", None, None).await;
    let producer = admin
        .post_json(
            "/api/v1/producers",
            &producer_body("Công ty TNHH Phú Sang", &tax_code(1), CAM_XUYEN_OLD),
        )
        .await;
    assert_eq!(producer.status, 201, "{}", producer.text);
    let producer_id = producer.json()["id"].as_str().unwrap().to_owned();
    product(&mut admin, "Nước mắm Phú Sang", &producer_id, CAM_XUYEN_OLD).await;
    product(&mut admin, "Rượu sim Đất Thơm Kẻ Gỗ", &producer_id, CAM_XUYEN_NEW).await;
    product(&mut admin, "Nước mắm Ba Đình", &producer_id, HA_NOI_BA_DINH).await;

    let mut public = app.client();
    let mut totals = Vec::new();
    for q in [
        "cam%20xuyen",
        "C%E1%BA%A8M%20XUY%C3%8AN",
        "Ca%CC%89m%20Xuye%CC%82n",
        "c%E1%BA%A9m%20xuy%C3%AAn",
    ] {
        let response = public.get(&format!("/api/v1/products?q={q}")).await;
        assert_eq!(response.status, 200);
        let names: Vec<String> = response.json()["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(names, ["Nước mắm Phú Sang", "Rượu sim Đất Thơm Kẻ Gỗ"], "query {q}");
        totals.push(response.json()["total"].as_u64().unwrap());
    }
    assert!(totals.iter().all(|t| *t == 2));
    let by_province = public.get("/api/v1/products?province=42").await.json();
    assert_eq!(
        by_province["total"], 2,
        "the old-unit product counts under today's Hà Tĩnh"
    );
    let by_commune = public.get("/api/v1/products?commune=18673").await.json();
    assert_eq!(by_commune["total"], 2);
    let place = &by_province["items"][0]["place"];
    assert_eq!(place["today_commune_names"][0], "Xã Cẩm Xuyên");
    assert_eq!(place["commune_name"], "Thị trấn Cẩm Xuyên");
    assert_eq!(place["district_name"], "Huyện Cẩm Xuyên");
    // Public readers do not see contacts.
    let detail = public.get(&format!("/api/v1/producers/{producer_id}")).await.json();
    assert_eq!(detail["private_visible"], false);
    assert!(detail["phone"].is_null() && detail["tax_code"].is_null());
}

/// The number of products a public search finds.
async fn total(client: &mut common::TestClient, q: &str) -> u64 {
    let response = client.get(&format!("/api/v1/products?q={q}")).await;
    assert_eq!(response.status, 200, "{q}: {}", response.text);
    response.json()["total"].as_u64().unwrap()
}

/// Search matches the beginnings of words, and the word index follows every write: a
/// new product, its rename, and a rename of its producer (which rewrites the search text
/// of the producer's products).
#[tokio::test]
async fn search_finds_word_beginnings_and_follows_renames() {
    let app = TestApp::spawn().await;
    common::publish_sample_sheets(&app).await;
    let mut admin = app.login_as("quantri", "administrator", None, None).await;
    let producer = admin
        .post_json(
            "/api/v1/producers",
            &producer_body("Hợp tác xã Ong Vàng", &tax_code(3), CAM_XUYEN_NEW),
        )
        .await
        .json();
    let producer_id = producer["id"].as_str().unwrap().to_owned();
    let created = product(&mut admin, "Mật ong hoa nhãn", &producer_id, CAM_XUYEN_NEW).await;
    let product_id = created["id"].as_str().unwrap().to_owned();
    let mut public = app.client();
    for (q, expected) in [
        ("mat%20ong", 1),
        ("M%E1%BA%ACT", 1),      // "MẬT"
        ("nhan%20hoa%20mat", 1), // any order
        ("hoa%20nh", 1),         // the last word still being typed
        ("han", 0),              // inside "nhan", at no word's beginning
        ("ong%20vang", 1),       // the producer's name
        ("tra%20xanh", 0),
    ] {
        assert_eq!(total(&mut public, q).await, expected, "q={q}");
    }

    let mut update = json!({ "name": "Trà xanh Cẩm Xuyên", "producer_id": producer_id, "product_set_code": "I.4.a",
                             "commune_id": CAM_XUYEN_NEW });
    update["row_version"] = created["row_version"].clone();
    let renamed = admin.put_json(&format!("/api/v1/products/{product_id}"), &update).await;
    assert_eq!(renamed.status, 200, "{}", renamed.text);
    assert_eq!(
        total(&mut public, "mat%20ong").await,
        0,
        "the old name is gone from the index"
    );
    assert_eq!(total(&mut public, "tra%20xanh").await, 1);

    let mut producer_update = producer_body("Hợp tác xã Chè Sơn Kim", &tax_code(3), CAM_XUYEN_NEW);
    producer_update["row_version"] = producer["row_version"].clone();
    let changed = admin
        .put_json(&format!("/api/v1/producers/{producer_id}"), &producer_update)
        .await;
    assert_eq!(changed.status, 200, "{}", changed.text);
    assert_eq!(
        total(&mut public, "ong%20vang").await,
        0,
        "the old producer name is gone"
    );
    assert_eq!(
        total(&mut public, "son%20kim%20tra").await,
        1,
        "the product is found by its producer's new name"
    );
}

#[tokio::test]
async fn producers_list_in_vietnamese_alphabetical_order() {
    let app = TestApp::spawn().await;
    common::publish_sample_sheets(&app).await;
    let mut admin = app.login_as("quantri", "administrator", None, None).await;
    let names = [
        "Hộ kinh doanh Đào",
        "Hộ kinh doanh Dung",
        "Hộ kinh doanh Ân",
        "Hộ kinh doanh Anh",
        "Hộ kinh doanh Ăn",
        "Hộ kinh doanh Bình",
    ];
    for (n, name) in names.iter().enumerate() {
        let body = json!({ "name": name, "legal_form": "household_business", "registration_number": format!("28A80{n:05}"), "representative": "Lê Thị Hoa", "commune_id": CAM_XUYEN_NEW });
        let response = admin.post_json("/api/v1/producers", &body).await;
        assert_eq!(response.status, 201, "{}", response.text);
    }
    let listed: Vec<String> = admin.get("/api/v1/producers?q=ho%20kinh%20doanh").await.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        listed,
        [
            "Hộ kinh doanh Anh",
            "Hộ kinh doanh Ăn",
            "Hộ kinh doanh Ân",
            "Hộ kinh doanh Bình",
            "Hộ kinh doanh Dung",
            "Hộ kinh doanh Đào"
        ]
    );
}

#[tokio::test]
async fn invalid_producers_get_every_field_error_in_vietnamese() {
    let app = TestApp::spawn().await;
    common::publish_sample_sheets(&app).await;
    let mut admin = app.login_as("quantri", "administrator", None, None).await;
    let body = json!({ "name": "", "legal_form": "enterprise", "tax_code": "0100109107", "representative": "A", "commune_id": "2025/province/42", "phone": "12345", "email": "khong-phai-email" });
    let response = admin.post_json("/api/v1/producers", &body).await;
    assert_eq!(response.status, 422, "{}", response.text);
    let fields = response.field_codes();
    for expected in [
        ("name", "required"),
        ("enterprise_kind", "required"),
        ("tax_code", "invalid_tax_code"),
        ("phone", "invalid_phone"),
        ("email", "invalid_email"),
    ] {
        assert!(
            fields.contains(&(expected.0.to_owned(), expected.1.to_owned())),
            "{expected:?} in {fields:?}"
        );
    }
    assert_eq!(
        response.json()["error"]["message"],
        "Một số trường chưa hợp lệ, vui lòng kiểm tra lại."
    );
    // A province is not a commune: the reference is checked once the fields are valid.
    let wrong_level = admin
        .post_json(
            "/api/v1/producers",
            &producer_body("Công ty A", &tax_code(2), "2025/province/42"),
        )
        .await;
    assert_eq!(
        wrong_level.field_codes(),
        [("commune_id".to_owned(), "wrong_admin_level".to_owned())]
    );
    // English on request.
    let english = admin
        .request(
            "POST",
            "/api/v1/producers?lang=en",
            Some(("application/json", b"{\"name\":\"\"}".to_vec())),
            true,
        )
        .await;
    assert_eq!(
        english.json()["error"]["message"],
        "Some fields are invalid; please check them."
    );
    // Malformed JSON is a 400, not a 500.
    let malformed = admin
        .request(
            "POST",
            "/api/v1/producers",
            Some(("application/json", b"{not json".to_vec())),
            true,
        )
        .await;
    assert_eq!(malformed.status, 400);
    assert_eq!(malformed.error_code(), "bad_request");
    // A tax code is unique.
    assert_eq!(
        admin
            .post_json(
                "/api/v1/producers",
                &producer_body("Công ty B", &tax_code(3), CAM_XUYEN_NEW)
            )
            .await
            .status,
        201
    );
    let duplicate = admin
        .post_json(
            "/api/v1/producers",
            &producer_body("Công ty C", &tax_code(3), HA_NOI_BA_DINH),
        )
        .await;
    assert_eq!(duplicate.status, 422);
    assert_eq!(
        duplicate.field_codes(),
        [("tax_code".to_owned(), "duplicate_registration".to_owned())]
    );
}

#[tokio::test]
async fn roles_act_only_inside_their_area() {
    let app = TestApp::spawn().await;
    common::publish_sample_sheets(&app).await;
    let mut commune = app
        .login_as("xa.camxuyen", "commune_officer", Some(CAM_XUYEN_NEW), None)
        .await;
    let mut province = app
        .login_as("tinh.hanoi", "province_officer", Some("2025/province/01"), None)
        .await;
    let mut central = app.login_as("trunguong", "central_officer", None, None).await;
    let mut anonymous = app.client();

    // An anonymous POST with a valid CSRF token is 401; a commune officer registers in its own commune only.
    assert_eq!(
        anonymous
            .post_json("/api/v1/producers", &producer_body("X", &tax_code(10), CAM_XUYEN_NEW))
            .await
            .status,
        401
    );
    let own = commune
        .post_json(
            "/api/v1/producers",
            &producer_body("HTX Cẩm Xuyên", &tax_code(11), CAM_XUYEN_NEW),
        )
        .await;
    assert_eq!(own.status, 201, "{}", own.text);
    // An old-unit address that lies in its commune today counts as its own.
    assert_eq!(
        commune
            .post_json(
                "/api/v1/producers",
                &producer_body("HTX Cũ", &tax_code(12), CAM_XUYEN_OLD)
            )
            .await
            .status,
        201
    );
    assert_eq!(
        commune
            .post_json(
                "/api/v1/producers",
                &producer_body("HTX Hà Nội", &tax_code(13), HA_NOI_BA_DINH)
            )
            .await
            .status,
        403
    );
    assert_eq!(
        province
            .post_json(
                "/api/v1/producers",
                &producer_body("HTX Hà Tĩnh", &tax_code(14), CAM_XUYEN_NEW)
            )
            .await
            .status,
        403
    );
    assert_eq!(
        central
            .post_json(
                "/api/v1/producers",
                &producer_body("HTX TW", &tax_code(15), HA_NOI_BA_DINH)
            )
            .await
            .status,
        403
    );

    let producer = own.json();
    let producer_id = producer["id"].as_str().unwrap().to_owned();
    let mut update = producer_body("HTX Cẩm Xuyên Mới", &tax_code(11), CAM_XUYEN_NEW);
    update["row_version"] = producer["row_version"].clone();
    assert_eq!(
        province
            .put_json(&format!("/api/v1/producers/{producer_id}"), &update)
            .await
            .status,
        403
    );
    let changed = commune
        .put_json(&format!("/api/v1/producers/{producer_id}"), &update)
        .await;
    assert_eq!(changed.status, 200, "{}", changed.text);
    assert_eq!(changed.json()["name"], "HTX Cẩm Xuyên Mới");
    // The same stale version again is a conflict, not a silent overwrite.
    assert_eq!(
        commune
            .put_json(&format!("/api/v1/producers/{producer_id}"), &update)
            .await
            .status,
        409
    );

    // A producer account edits its own products and nobody else's.
    let mut owner = app
        .login_as("chuthe.camxuyen", "producer", None, Some(producer_id.parse().unwrap()))
        .await;
    let mine = product(&mut owner, "Mật ong Cẩm Xuyên", &producer_id, CAM_XUYEN_NEW).await;
    let other = commune
        .post_json(
            "/api/v1/producers",
            &producer_body("HTX Khác", &tax_code(16), CAM_XUYEN_NEW),
        )
        .await
        .json();
    let other_id = other["id"].as_str().unwrap();
    let foreign = owner
        .post_json("/api/v1/products", &json!({ "name": "Không phải của tôi", "producer_id": other_id, "product_set_code": "I.4.a", "commune_id": CAM_XUYEN_NEW }))
        .await;
    assert_eq!(foreign.status, 403);
    assert!(
        owner.get(&format!("/api/v1/producers/{producer_id}")).await.json()["private_visible"]
            .as_bool()
            .unwrap()
    );
    assert!(
        !owner.get(&format!("/api/v1/producers/{other_id}")).await.json()["private_visible"]
            .as_bool()
            .unwrap()
    );
    assert_eq!(
        owner
            .post_json("/api/v1/producers", &producer_body("Y", &tax_code(17), CAM_XUYEN_NEW))
            .await
            .status,
        403
    );
    assert_eq!(owner.get("/api/v1/users").await.status, 403);

    // Photos: a real PNG is stored; a renamed executable is refused.
    let product_id = mine["id"].as_str().unwrap();
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\0\x05\0\x01\xff\x89\x99=\x1d\0\0\0\0IEND\xaeB`\x82".to_vec();
    let stored = owner
        .post_bytes(
            &format!("/api/v1/products/{product_id}/photos"),
            "image/png",
            png.clone(),
        )
        .await;
    assert_eq!(stored.status, 201, "{}", stored.text);
    let photo = app
        .client()
        .get(&format!("/api/v1/photos/{}", stored.json()["id"].as_str().unwrap()))
        .await;
    assert_eq!(photo.headers["content-type"], "image/png");
    let exe = owner
        .post_bytes(
            &format!("/api/v1/products/{product_id}/photos"),
            "image/png",
            b"MZ\x90\0\x03\0\0\0".to_vec(),
        )
        .await;
    assert_eq!(exe.status, 415);
    assert_eq!(exe.error_code(), "unsupported_media_type");
}

#[tokio::test]
async fn unsafe_requests_need_the_csrf_token_and_logout_ends_the_session() {
    let app = TestApp::spawn().await;
    common::publish_sample_sheets(&app).await;
    let mut admin = app.login_as("quantri", "administrator", None, None).await;
    let forged = admin
        .post_json_without_csrf("/api/v1/producers", &producer_body("X", &tax_code(20), CAM_XUYEN_NEW))
        .await;
    assert_eq!(forged.status, 403);
    assert_eq!(forged.error_code(), "csrf_failed");
    assert_eq!(admin.get("/api/v1/auth/me").await.json()["role"], "administrator");
    let session = admin.cookies.get("ocop_session").cloned().expect("session cookie");
    assert_eq!(admin.post_json("/api/v1/auth/logout", &json!({})).await.status, 204);
    // The old token no longer works even if replayed.
    admin.cookies.insert("ocop_session".into(), session);
    assert_eq!(admin.get("/api/v1/auth/me").await.status, 401);
}

#[tokio::test]
async fn an_administrator_ends_another_users_sessions() {
    let app = TestApp::spawn().await;
    common::publish_sample_sheets(&app).await;
    let mut admin = app.login_as("quantri", "administrator", None, None).await;
    let mut officer = app
        .login_as("tinh.hatinh", "province_officer", Some("2025/province/42"), None)
        .await;
    let me = officer.get("/api/v1/auth/me").await.json();
    let revoked = admin
        .post_json(
            &format!("/api/v1/users/{}/revoke-sessions", me["user_id"].as_str().unwrap()),
            &json!({}),
        )
        .await;
    assert_eq!(revoked.json()["sessions_ended"], 1);
    assert_eq!(officer.get("/api/v1/auth/me").await.status, 401);
}

/// Found by schemathesis: an offset beyond the databases' signed 64-bit OFFSET (valid
/// for the documented `u64`) panicked in the driver and the connection dropped; every
/// paged list now answers with an empty page.
#[tokio::test]
async fn an_offset_past_i64_gives_an_empty_page_not_a_dropped_connection() {
    let app = common::TestApp::spawn().await;
    common::publish_sample_sheets(&app).await;
    let mut admin = app.login_as("offset.admin", "administrator", None, None).await;
    for path in [
        "/api/v1/producers",
        "/api/v1/products",
        "/api/v1/admin-units",
        "/api/v1/catalogue",
        "/api/v1/audit",
        "/api/v1/dossiers",
        "/api/v1/certificates/worklist",
    ] {
        let response = admin.get(&format!("{path}?offset=9223372036854775808")).await;
        assert_eq!(response.status, 200, "{path}: {}", response.text);
        assert_eq!(response.json()["items"], serde_json::json!([]), "{path}");
    }
}
