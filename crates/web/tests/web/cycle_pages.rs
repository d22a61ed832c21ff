//! The cycle before the dossier through the pages, on the engine chosen by
//! `OCOP_TEST_DATABASE`: a producer registers an idea, the commune returns it with a reason,
//! the producer supplements and resubmits it and the commune accepts it; the producer drafts
//! the business plan with budget lines (added, removed, totalled by the server), edits and
//! submits it, the commune returns and then approves it. Every form is posted the way a
//! browser posts it (CSRF token in `_csrf`); refusals come back on the form with the error
//! code's message and what was typed.

use crate::common;

use common::{TestApp, TestClient, TestResponse, producer_body, tax_code};
use ocop_domain::{ErrorCode, Lang};
use serde_json::json;

const CAM_XUYEN: &str = "2025/commune/18673";
const THANH_SEN: &str = "2025/commune/18073";

/// Posts an HTML form the way a browser page does (token in the `_csrf` field).
async fn post_form(client: &mut TestClient, path: &str, fields: &[(&str, &str)]) -> TestResponse {
    post_form_with(client, path, fields, &[]).await
}

/// The same with extra request headers (`HX-Request` for htmx).
async fn post_form_with(
    client: &mut TestClient,
    path: &str,
    fields: &[(&str, &str)],
    headers: &[(&str, &str)],
) -> TestResponse {
    let token = client.csrf_token().await;
    let mut pairs: Vec<(&str, &str)> = vec![("_csrf", &token)];
    pairs.extend_from_slice(fields);
    let body = serde_urlencoded::to_string(&pairs).expect("encode");
    if headers.is_empty() {
        return client
            .request(
                "POST",
                path,
                Some(("application/x-www-form-urlencoded", body.into_bytes())),
                false,
            )
            .await;
    }
    // An htmx request also carries the token in its header (hx-headers on <body>).
    client.csrf = Some(token.clone());
    client
        .request_with_extra(
            "POST",
            path,
            Some(("application/x-www-form-urlencoded", body.into_bytes())),
            true,
            headers,
        )
        .await
}

fn location(response: &TestResponse) -> String {
    response.headers["location"].to_str().unwrap().to_owned()
}

fn count(response: &TestResponse, testid: &str) -> usize {
    response.text.matches(&format!("data-testid=\"{testid}\"")).count()
}

fn vi(code: ErrorCode) -> &'static str {
    code.message(Lang::Vi)
}

/// A day from today (Vietnam) as the pages show it.
fn shown_day(offset: i64) -> String {
    ((chrono::Utc::now() + chrono::Duration::hours(7)).date_naive() + chrono::Duration::days(offset))
        .format("%d/%m/%Y")
        .to_string()
}

struct Place {
    producer_id: String,
    product_id: String,
}

async fn producer_with_product(app: &TestApp, seed: u64) -> Place {
    let mut admin = app
        .login_as(&format!("quantri{seed}"), "administrator", None, None)
        .await;
    let producer = admin
        .post_json(
            "/api/v1/producers",
            &producer_body("HTX Trà Hoa Vàng Cẩm Xuyên", &tax_code(seed), CAM_XUYEN),
        )
        .await;
    assert_eq!(producer.status, 201, "{}", producer.text);
    let producer_id = producer.json()["id"].as_str().unwrap().to_owned();
    let product = admin
        .post_json(
            "/api/v1/products",
            &json!({ "name": "Trà hoa vàng sấy khô", "producer_id": producer_id, "product_set_code": "I.4.a", "commune_id": CAM_XUYEN }),
        )
        .await;
    assert_eq!(product.status, 201, "{}", product.text);
    Place {
        producer_id,
        product_id: product.json()["id"].as_str().unwrap().to_owned(),
    }
}

#[tokio::test]
async fn an_idea_is_returned_with_a_reason_supplemented_resubmitted_and_accepted_through_the_pages() {
    let app = TestApp::spawn().await;
    let place = producer_with_product(&app, 301).await;
    let mut owner = app
        .login_as(
            "chuthe.trahoavang",
            "producer",
            None,
            Some(place.producer_id.parse().unwrap()),
        )
        .await;
    let mut commune = app
        .login_as("xa.camxuyen", "commune_officer", Some(CAM_XUYEN), None)
        .await;
    let mut elsewhere = app
        .login_as("xa.thanhsen", "commune_officer", Some(THANH_SEN), None)
        .await;
    let mut central = app.login_as("trunguong", "central_officer", None, None).await;

    // The form: the producer's own name preselected, its product offered for an existing idea.
    let form = owner.get("/ideas/new").await;
    assert_eq!(form.status, 200, "{}", form.text);
    assert!(form.text.contains("name=\"_csrf\""));
    assert!(
        form.text
            .contains(&format!("<option value=\"{}\" selected>", place.producer_id))
    );
    assert!(form.text.contains(&format!(
        "<option value=\"{}\">Trà hoa vàng sấy khô</option>",
        place.product_id
    )));
    assert_eq!(
        central.get("/ideas/new").await.status,
        403,
        "central officers do not prepare"
    );

    // Refusals come back on the form, with the message and what was typed.
    let no_product = post_form(
        &mut owner,
        "/ideas/new",
        &[
            ("producer_id", &place.producer_id),
            ("kind", "existing"),
            ("product_id", ""),
            ("description", "Đóng gói túi lọc 2 g"),
        ],
    )
    .await;
    assert_eq!(no_product.status, 422, "{}", no_product.text);
    assert!(no_product.text.contains("data-field=\"product_id\""));
    assert!(no_product.text.contains(vi(ErrorCode::Required)));
    assert!(
        no_product.text.contains("Đóng gói túi lọc 2 g"),
        "the description typed is kept"
    );
    let no_text = post_form(
        &mut owner,
        "/ideas/new",
        &[
            ("producer_id", &place.producer_id),
            ("kind", "new"),
            ("product_name", "Trà hoa vàng túi lọc"),
            ("description", "   "),
        ],
    )
    .await;
    assert_eq!(no_text.status, 422, "{}", no_text.text);
    assert!(no_text.text.contains("data-field=\"description\""));
    assert!(
        no_text.text.contains("value=\"Trà hoa vàng túi lọc\""),
        "the name typed is kept"
    );

    let created = post_form(
        &mut owner,
        "/ideas/new",
        &[
            ("producer_id", &place.producer_id),
            ("kind", "new"),
            ("product_name", "Trà hoa vàng túi lọc"),
            ("product_set_code", "I.4.a"),
            ("description", "Trà hoa vàng đóng túi lọc từ vườn đồi của hợp tác xã"),
        ],
    )
    .await;
    assert_eq!(created.status, 303, "{}", created.text);
    let href = location(&created);
    assert!(href.starts_with("/ideas/"), "{href}");
    let page = owner.get(&href).await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("Chờ xã trả lời"));
    assert!(
        page.text
            .contains(&format!("data-testid=\"idea-due\">{}", shown_day(15))),
        "the commune answers within 15 days"
    );
    assert_eq!(count(&page, "step"), 1);
    assert!(page.text.contains("chuthe.trahoavang"), "the step names who acted");
    assert_eq!(
        count(&page, "accept-form"),
        0,
        "the producer does not answer its own idea"
    );
    assert_eq!(
        elsewhere.get(&href).await.status,
        404,
        "another commune does not see it"
    );

    // The commune: a return needs a reason.
    let answer = commune.get(&href).await;
    assert_eq!(count(&answer, "accept-form"), 1);
    assert_eq!(count(&answer, "return-form"), 1);
    let blank = post_form(&mut commune, &format!("{href}/return"), &[("reason", "  ")]).await;
    assert_eq!(blank.status, 422, "{}", blank.text);
    assert!(blank.text.contains(vi(ErrorCode::ReasonRequired)));
    assert!(blank.text.contains("Chờ xã trả lời"), "still waiting");
    let returned = post_form(
        &mut commune,
        &format!("{href}/return"),
        &[("reason", "Cần mô tả vùng nguyên liệu và sản lượng dự kiến")],
    )
    .await;
    assert_eq!(returned.status, 303, "{}", returned.text);
    let elsewhere_return = post_form(&mut elsewhere, &format!("{href}/accept"), &[("reason", "")]).await;
    assert_eq!(elsewhere_return.status, 404);

    // The producer supplements and resubmits; a blank description keeps the rest as typed.
    let page = owner.get(&href).await;
    assert!(page.text.contains("Bị trả lại"));
    assert!(page.text.contains("Cần mô tả vùng nguyên liệu và sản lượng dự kiến"));
    assert_eq!(count(&page, "resubmit-form"), 1);
    let refused = post_form(
        &mut owner,
        &format!("{href}/resubmit"),
        &[("product_name", "Trà hoa vàng túi lọc 2 g"), ("description", "")],
    )
    .await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    assert!(refused.text.contains("value=\"Trà hoa vàng túi lọc 2 g\""));
    assert!(refused.text.contains(vi(ErrorCode::Required)));
    let resubmitted = post_form(
        &mut owner,
        &format!("{href}/resubmit"),
        &[
            ("product_name", "Trà hoa vàng túi lọc 2 g"),
            ("product_set_code", "I.4.a"),
            (
                "description",
                "Vùng nguyên liệu 5 ha, sản lượng dự kiến 2 tấn hoa khô mỗi năm",
            ),
        ],
    )
    .await;
    assert_eq!(resubmitted.status, 303, "{}", resubmitted.text);
    let page = commune.get(&href).await;
    assert!(page.text.contains("Trà hoa vàng túi lọc 2 g"));
    assert!(page.text.contains("Bổ sung và nộp lại"));
    assert_eq!(count(&page, "step"), 3, "submit, return, resubmit");
    assert!(
        page.text
            .contains(&format!("data-testid=\"idea-due\">{}", shown_day(15)))
    );

    let accepted = post_form(&mut commune, &format!("{href}/accept"), &[("reason", "")]).await;
    assert_eq!(accepted.status, 303, "{}", accepted.text);
    let twice = post_form(&mut commune, &format!("{href}/accept"), &[("reason", "")]).await;
    assert_eq!(twice.status, 409, "{}", twice.text);
    assert!(twice.text.contains(vi(ErrorCode::InvalidTransition)));
    let page = owner.get(&href).await;
    assert!(page.text.contains("Được chấp nhận"));
    assert_eq!(
        count(&page, "plan-from-idea"),
        1,
        "an accepted idea leads to its business plan"
    );
    let list = owner.get("/ideas").await;
    assert!(list.text.contains("Trà hoa vàng túi lọc 2 g") && list.text.contains("xa.camxuyen"));

    // The API sees the same steps.
    let id = href.trim_start_matches("/ideas/");
    let steps: Vec<String> = owner.get(&format!("/api/v1/ideas/{id}")).await.json()["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["action"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(steps, ["submit", "return", "resubmit", "accept"]);
}

#[tokio::test]
async fn a_business_plan_is_drafted_with_budget_lines_submitted_returned_and_approved_through_the_pages() {
    let app = TestApp::spawn().await;
    let place = producer_with_product(&app, 302).await;
    let mut owner = app
        .login_as(
            "chuthe.trahoavang",
            "producer",
            None,
            Some(place.producer_id.parse().unwrap()),
        )
        .await;
    let mut commune = app
        .login_as("xa.camxuyen", "commune_officer", Some(CAM_XUYEN), None)
        .await;
    let idea = owner
        .post_json(
            "/api/v1/ideas",
            &json!({ "producer_id": place.producer_id, "product_id": place.product_id, "description": "Bao bì mới" }),
        )
        .await;
    let idea_id = idea.json()["id"].as_str().unwrap().to_owned();
    let accepted = commune
        .post_json(&format!("/api/v1/ideas/{idea_id}/accept"), &json!({}))
        .await;
    assert_eq!(accepted.status, 200, "{}", accepted.text);

    // The form from the accepted idea: title, idea and product filled in, one empty line.
    let form = owner.get(&format!("/business-plans/new?idea_id={idea_id}")).await;
    assert_eq!(form.status, 200, "{}", form.text);
    assert!(form.text.contains("Trà hoa vàng sấy khô"));
    assert!(form.text.contains(&format!("<option value=\"{idea_id}\" selected>")));
    assert_eq!(count(&form, "budget-line"), 1);

    let typed = |extra: &[(&'static str, &'static str)]| {
        let mut fields: Vec<(&str, &str)> = vec![
            ("producer_id", place.producer_id.as_str()),
            ("idea_id", idea_id.as_str()),
            ("product_id", place.product_id.as_str()),
            ("title", "Phương án bao bì trà hoa vàng"),
            ("summary", "Thiết kế lại bao bì, in mã QR truy xuất"),
            ("line_0_item", "Thiết kế bao bì"),
            ("line_0_amount", "30.000.000"),
            ("line_0_funding", "own"),
            ("line_1_item", "Máy đóng gói"),
            ("line_1_amount", "120.000.000"),
            ("line_1_funding", "support"),
        ];
        fields.extend_from_slice(extra);
        fields
    };

    // Adding a line through htmx answers with the budget alone; without htmx, the whole form.
    let added = post_form_with(
        &mut owner,
        "/business-plans/new",
        &typed(&[("op", "add")]),
        &[("hx-request", "true")],
    )
    .await;
    assert_eq!(added.status, 200, "{}", added.text);
    assert!(!added.text.contains("<html"), "a partial for htmx");
    assert_eq!(count(&added, "budget-line"), 3);
    assert!(added.text.contains("value=\"Máy đóng gói\""));
    assert!(added.text.contains("150.000.000 đ"), "the server totals the lines");
    let added = post_form(&mut owner, "/business-plans/new", &typed(&[("op", "add")])).await;
    assert_eq!(added.status, 200);
    assert!(added.text.contains("<html") && added.text.contains("value=\"Phương án bao bì trà hoa vàng\""));
    assert_eq!(count(&added, "budget-line"), 3);
    let removed = post_form(&mut owner, "/business-plans/new", &typed(&[("op", "remove_0")])).await;
    assert_eq!(count(&removed, "budget-line"), 1);
    assert!(!removed.text.contains("value=\"Thiết kế bao bì\"") && removed.text.contains("value=\"Máy đóng gói\""));
    assert!(removed.text.contains("120.000.000 đ"));
    let none_saved = owner.get("/api/v1/business-plans").await.json();
    assert_eq!(
        none_saved.as_array().unwrap().len(),
        0,
        "adding and removing lines saves nothing"
    );

    // An amount that cannot be read and a blank title: both messages, everything typed kept.
    let mut bad = typed(&[
        ("line_2_item", "Tem nhãn"),
        ("line_2_amount", "ba mươi triệu"),
        ("line_2_funding", "own"),
    ]);
    bad[3] = ("title", "");
    let refused = post_form(&mut owner, "/business-plans/new", &bad).await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    assert!(refused.text.contains("data-field=\"lines.2.amount_vnd\""));
    assert!(refused.text.contains(vi(ErrorCode::InvalidNumber)));
    assert!(refused.text.contains("data-field=\"title\""));
    assert!(refused.text.contains("value=\"ba mươi triệu\"") && refused.text.contains("value=\"Tem nhãn\""));
    let mut unknown_funding = typed(&[]);
    unknown_funding[10] = ("line_1_funding", "gift");
    let refused = post_form(&mut owner, "/business-plans/new", &unknown_funding).await;
    assert_eq!(refused.status, 422);
    assert!(refused.text.contains("data-field=\"lines.1.funding\""));

    // Saved: the total is the server's, whatever the client sends.
    let saved = post_form(&mut owner, "/business-plans/new", &typed(&[("total_vnd", "1")])).await;
    assert_eq!(saved.status, 303, "{}", saved.text);
    let href = location(&saved);
    let page = owner.get(&href).await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("Nháp"));
    assert_eq!(count(&page, "plan-line"), 2);
    assert!(page.text.contains("150.000.000 đ"));
    assert!(page.text.contains("Hỗ trợ từ ngân sách nhà nước: 120.000.000 đ"));
    assert_eq!(count(&page, "edit-plan"), 1);
    assert_eq!(
        count(&commune.get(&href).await, "approve-form"),
        0,
        "a draft waits for nobody"
    );

    // Edit: one more line; a second save from the same version is a conflict.
    let edit = owner.get(&format!("{href}/edit")).await;
    assert_eq!(edit.status, 200, "{}", edit.text);
    assert!(edit.text.contains("name=\"row_version\" value=\"1\""));
    assert!(edit.text.contains("value=\"120.000.000\""));
    let edited = typed(&[
        ("row_version", "1"),
        ("line_2_item", "Tem truy xuất"),
        ("line_2_amount", "30.000.000 đ"),
        ("line_2_funding", "loan"),
    ]);
    let saved = post_form(&mut owner, &format!("{href}/edit"), &edited).await;
    assert_eq!(saved.status, 303, "{}", saved.text);
    let stale = post_form(&mut owner, &format!("{href}/edit"), &edited).await;
    assert_eq!(stale.status, 409, "{}", stale.text);
    assert_eq!(count(&stale, "conflict"), 1);
    assert!(stale.text.contains("name=\"row_version\" value=\"2\""));
    assert!(owner.get(&href).await.text.contains("180.000.000 đ"));

    // Submit: the commune answers within 30 days; a return needs a reason.
    let submitted = post_form(&mut owner, &format!("{href}/submit"), &[("reason", "")]).await;
    assert_eq!(submitted.status, 303, "{}", submitted.text);
    let page = commune.get(&href).await;
    assert!(
        page.text
            .contains(&format!("data-testid=\"plan-due\">{}", shown_day(30)))
    );
    assert_eq!(count(&page, "approve-form"), 1);
    assert_eq!(
        owner.get(&format!("{href}/edit")).await.status,
        409,
        "a submitted plan is not edited"
    );
    let by_owner = post_form(&mut owner, &format!("{href}/approve"), &[("reason", "")]).await;
    assert_eq!(by_owner.status, 403, "the producer does not approve its own plan");
    let blank = post_form(&mut commune, &format!("{href}/return"), &[("reason", "")]).await;
    assert_eq!(blank.status, 422);
    assert!(blank.text.contains(vi(ErrorCode::ReasonRequired)));
    let returned = post_form(
        &mut commune,
        &format!("{href}/return"),
        &[("reason", "Bổ sung báo giá máy đóng gói")],
    )
    .await;
    assert_eq!(returned.status, 303);

    // Supplemented and submitted again, then approved.
    let page = owner.get(&href).await;
    assert!(page.text.contains("Bổ sung báo giá máy đóng gói"));
    let version = owner
        .get(&format!("/api/v1/{}", href.trim_start_matches('/')))
        .await
        .json()["row_version"]
        .as_i64()
        .unwrap()
        .to_string();
    let mut supplemented = typed(&[("row_version", "")]);
    supplemented.retain(|(k, _)| *k != "row_version");
    supplemented.push(("row_version", version.as_str()));
    supplemented[6] = ("line_0_amount", "35.000.000");
    let saved = post_form(&mut owner, &format!("{href}/edit"), &supplemented).await;
    assert_eq!(saved.status, 303, "{}", saved.text);
    assert_eq!(
        post_form(&mut owner, &format!("{href}/submit"), &[("reason", "")])
            .await
            .status,
        303
    );
    let approved = post_form(&mut commune, &format!("{href}/approve"), &[("reason", "Đồng ý")]).await;
    assert_eq!(approved.status, 303, "{}", approved.text);
    let page = owner.get(&href).await;
    assert!(page.text.contains("Được phê duyệt") && page.text.contains("155.000.000 đ"));
    let actions: Vec<String> = owner
        .get(&format!("/api/v1/{}", href.trim_start_matches('/')))
        .await
        .json()["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["action"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        actions,
        ["create", "edit", "submit", "return", "edit", "submit", "approve"]
    );
    assert_eq!(count(&page, "step"), 7);
}

/// Issue 13: an officer of another area was shown any producer's products on the idea form
/// (`/ideas/new?producer_id=…`, the list htmx swaps in). The service now lists a producer's
/// products only to who may prepare for it; anyone else gets the refusal page (403).
#[tokio::test]
async fn the_idea_form_lists_a_producers_products_only_to_officers_of_its_area() {
    let app = TestApp::spawn().await;
    let place = producer_with_product(&app, 307).await;
    let path = format!("/ideas/new?producer_id={}", place.producer_id);

    let mut own_commune = app
        .login_as("xa.camxuyen.yt", "commune_officer", Some(CAM_XUYEN), None)
        .await;
    let shown = own_commune.get(&path).await;
    assert_eq!(shown.status, 200, "{}", shown.text);
    assert!(shown.text.contains("Trà hoa vàng sấy khô"), "{}", shown.text);
    assert!(shown.text.contains(&place.product_id));

    let mut other_commune = app
        .login_as("xa.thanhsen.yt", "commune_officer", Some(THANH_SEN), None)
        .await;
    for htmx in [false, true] {
        let headers: &[(&str, &str)] = if htmx { &[("HX-Request", "true")] } else { &[] };
        let refused = other_commune
            .request_with_extra("GET", &path, None, false, headers)
            .await;
        assert_eq!(refused.status, 403, "htmx {htmx}: {}", refused.text);
        assert!(!refused.text.contains("Trà hoa vàng sấy khô"), "{}", refused.text);
        assert!(!refused.text.contains(&place.product_id), "{}", refused.text);
        assert!(refused.text.contains(vi(ErrorCode::Forbidden)), "{}", refused.text);
    }

    // Posting the form for that producer (an invalid one, so the form would come back with the
    // lists) does not list them either.
    let posted = post_form(
        &mut other_commune,
        "/ideas/new",
        &[
            ("producer_id", &place.producer_id),
            ("kind", "existing"),
            ("product_id", &place.product_id),
            ("product_name", ""),
            ("description", ""),
        ],
    )
    .await;
    assert!(matches!(posted.status, 403 | 404), "{}: {}", posted.status, posted.text);
    assert!(!posted.text.contains("Trà hoa vàng sấy khô"), "{}", posted.text);
}
