//! Disqualifiers found at closing and the batch's documents as PDF, over HTTP (both databases):
//! a council scores two dossiers, one on a criteria set with disqualifiers; the chair records
//! one (refusals: a member, a code of another set, no note); closing leaves that dossier not
//! recognised without a star; the recognition decision issues the other's certificate; the
//! result table, minutes and decision download as PDF with the fonts embedded, say why the
//! dossier was excluded and lay out every Vietnamese letter with a glyph of the font.

use crate::common;

use common::{TestApp, TestClient, TestResponse, producer_body, tax_code};
use ocop_domain::evaluation::CriteriaSet;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use uuid::Uuid;

const CAM_XUYEN: &str = "2025/commune/18673"; // Hà Tĩnh (42)
const HA_TINH: &str = "2025/province/42";

fn day(offset_days: i64) -> String {
    ((chrono::Utc::now() + chrono::Duration::hours(7)).date_naive() + chrono::Duration::days(offset_days)).to_string()
}

/// The QĐ 1048 sheet with two disqualifiers, published as a new version.
async fn set_with_disqualifiers(admin: &mut TestClient) -> Uuid {
    let mut body: Value = serde_json::from_str(&CriteriaSet::qd1048_fresh_produce().to_json()).unwrap();
    body["title"] = json!("Phiếu đánh giá sản phẩm: Rau, củ, quả, hạt tươi, có điều kiện hồ sơ bị loại");
    body["disqualifier"] = json!([
        { "code": "L1", "text": "Sản phẩm vi phạm quyền sở hữu trí tuệ" },
        { "code": "L2", "text": "Hồ sơ khai không trung thực" },
    ]);
    let created = admin.post_json("/api/v1/criteria-sets", &body).await;
    assert_eq!(created.status, 201, "{}", created.text);
    let id = created.json()["id"].as_str().unwrap().to_owned();
    let published = admin
        .post_json(&format!("/api/v1/criteria-sets/{id}/publish"), &json!({}))
        .await;
    assert_eq!(published.status, 200, "{}", published.text);
    id.parse().unwrap()
}

async fn dossier(app: &TestApp, admin: &mut TestClient, seed: u64, set: Option<Uuid>) -> (Uuid, Uuid) {
    let producer = admin
        .post_json(
            "/api/v1/producers",
            &producer_body(&format!("Hợp tác xã Phú Sang {seed}"), &tax_code(700 + seed), CAM_XUYEN),
        )
        .await;
    assert_eq!(producer.status, 201, "{}", producer.text);
    let producer_id: Uuid = producer.json()["id"].as_str().unwrap().parse().unwrap();
    let product = admin
        .post_json(
            "/api/v1/products",
            &json!({ "name": format!("Rau sạch Cẩm Xuyên {seed}"), "producer_id": producer_id,
                     "product_set_code": "I.4.a", "commune_id": CAM_XUYEN }),
        )
        .await;
    assert_eq!(product.status, 201, "{}", product.text);
    let product_id: Uuid = product.json()["id"].as_str().unwrap().parse().unwrap();
    let db = &app.ctx.db;
    let id = match set {
        Some(set) => {
            ocop_service::councils::testing::insert_eligible_dossier_on(db, set, producer_id, product_id, CAM_XUYEN)
                .await
        }
        None => ocop_service::councils::testing::insert_eligible_dossier(db, producer_id, product_id, CAM_XUYEN).await,
    }
    .expect("dossier");
    (id, product_id)
}

/// Answers every criterion: the lowest option for the codes in `low`, the highest otherwise;
/// then submits.
async fn score(client: &mut TestClient, batch: &str, dossier: Uuid, low: &[&str]) {
    for (_, c) in CriteriaSet::qd1048_fresh_produce().criteria() {
        let best = (0..c.options.len())
            .max_by_key(|&i| (c.options[i].points.0, usize::MAX - i))
            .unwrap();
        let worst = (0..c.options.len()).min_by_key(|&i| c.options[i].points.0).unwrap();
        let option = if low.contains(&c.code.as_str()) { worst } else { best };
        let r = client
            .post_json(
                &format!("/api/v1/batches/{batch}/dossiers/{dossier}/answers"),
                &json!({ "criterion": c.code, "option": option }),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
    }
    let submitted = client
        .post_json(
            &format!("/api/v1/batches/{batch}/dossiers/{dossier}/submit"),
            &json!({}),
        )
        .await;
    assert_eq!(submitted.status, 200, "{}", submitted.text);
}

async fn member(province: &mut TestClient, council: &str, client: &mut TestClient, name: &str, role: &str) {
    let user = client.get("/api/v1/auth/me").await.json()["user_id"].clone();
    let r = province
        .post_json(
            &format!("/api/v1/councils/{council}/members"),
            &json!({ "user_id": user, "full_name": name, "role": role, "agency": "Sở Nông nghiệp và Môi trường" }),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
}

async fn post_form(client: &mut TestClient, path: &str, fields: &[(&str, &str)]) -> TestResponse {
    let token = client.csrf_token().await;
    let mut pairs: Vec<(&str, &str)> = vec![("_csrf", &token)];
    pairs.extend_from_slice(fields);
    let body = serde_urlencoded::to_string(&pairs).expect("encode");
    client
        .request(
            "POST",
            path,
            Some(("application/x-www-form-urlencoded", body.into_bytes())),
            false,
        )
        .await
}

fn row(batch: &Value, dossier: Uuid) -> Value {
    batch["dossiers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["dossier_id"] == dossier.to_string())
        .unwrap()
        .clone()
}

#[tokio::test]
async fn a_disqualified_dossier_closes_not_recognised_and_the_pdfs_say_why() {
    let app = TestApp::spawn().await;
    let mut admin = app.login_as("tl.admin", "administrator", None, None).await;
    let mut province = app.login_as("tl.tinh", "province_officer", Some(HA_TINH), None).await;
    let mut chair = app.login_as("tl.chutich", "council_member", Some(HA_TINH), None).await;
    let mut a = app
        .login_as("tl.thanhvien.a", "council_member", Some(HA_TINH), None)
        .await;
    let mut b = app
        .login_as("tl.thanhvien.b", "council_member", Some(HA_TINH), None)
        .await;
    let mut secretary = app.login_as("tl.thuky", "council_secretary", Some(HA_TINH), None).await;
    let mut outsider = app.login_as("tl.ngoai", "council_member", Some(HA_TINH), None).await;
    let set = set_with_disqualifiers(&mut admin).await;
    let (d1, product1) = dossier(&app, &mut admin, 1, None).await;
    let (d2, product2) = dossier(&app, &mut admin, 2, Some(set)).await;

    let council = province
        .post_json(
            "/api/v1/councils",
            &json!({ "name": "Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Hà Tĩnh", "level": "province",
                     "unit_id": HA_TINH, "decision_number": "1234/QĐ-UBND", "decision_date": day(-60) }),
        )
        .await;
    assert_eq!(council.status, 201, "{}", council.text);
    let council_id = council.json()["id"].as_str().unwrap().to_owned();
    member(&mut province, &council_id, &mut chair, "Nguyễn Văn Đức", "chair").await;
    member(&mut province, &council_id, &mut a, "Trần Thị Ánh", "member").await;
    member(&mut province, &council_id, &mut b, "Lê Văn Bình", "member").await;
    member(&mut province, &council_id, &mut secretary, "Hoàng Thị Thư", "secretary").await;
    // The meeting today, the dossiers sent two weeks before: at least one working day between
    // even across Tết; the decision can be dated today.
    let batch = province
        .post_json(
            "/api/v1/batches",
            &json!({ "council_id": council_id, "name": "Đợt 2 năm 2026", "starts_on": day(-20),
                     "ends_on": day(20), "meeting_on": day(0) }),
        )
        .await;
    assert_eq!(batch.status, 201, "{}", batch.text);
    let batch_id = batch.json()["id"].as_str().unwrap().to_owned();
    // Before any result only the minutes exist.
    assert_eq!(
        a.get(&format!("/api/v1/batches/{batch_id}/documents/results.pdf"))
            .await
            .status,
        409
    );
    let empty_minutes = a
        .get(&format!("/api/v1/batches/{batch_id}/documents/minutes.pdf"))
        .await;
    assert_eq!(empty_minutes.status, 200, "{}", empty_minutes.text);
    for d in [d1, d2] {
        let r = province
            .post_json(
                &format!("/api/v1/batches/{batch_id}/dossiers"),
                &json!({ "dossier_id": d }),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
    }
    let disqualifiers = |d: Uuid| format!("/api/v1/batches/{batch_id}/dossiers/{d}/disqualifiers");
    let too_early = chair
        .post_json(&disqualifiers(d2), &json!({ "found": [{ "code": "L2", "note": "x" }] }))
        .await;
    assert_eq!(
        too_early.error_code(),
        "batch_state",
        "only while scoring: {}",
        too_early.text
    );
    let sent = province
        .post_json(
            &format!("/api/v1/batches/{batch_id}/send"),
            &json!({ "sent_on": day(-14) }),
        )
        .await;
    assert_eq!(sent.status, 200, "{}", sent.text);
    common::record_all_present(&mut secretary, &batch_id).await;
    let opened = chair
        .post_json(&format!("/api/v1/batches/{batch_id}/open"), &json!({}))
        .await;
    assert_eq!(opened.status, 200, "{}", opened.text);
    let opened = opened.json();
    assert_eq!(row(&opened, d1)["disqualifier_options"], json!([]));
    assert_eq!(row(&opened, d2)["disqualifier_options"][1]["code"], "L2");

    // Only the chair (or a manager) records; only codes of the dossier's set; a note each.
    let by_member = a
        .post_json(&disqualifiers(d2), &json!({ "found": [{ "code": "L2", "note": "x" }] }))
        .await;
    assert_eq!(by_member.status, 403, "{}", by_member.text);
    let other_set = chair
        .post_json(&disqualifiers(d1), &json!({ "found": [{ "code": "L2", "note": "x" }] }))
        .await;
    assert_eq!(other_set.status, 422, "{}", other_set.text);
    assert_eq!(
        other_set.field_codes(),
        vec![("found[0].code".to_owned(), "invalid_choice".to_owned())]
    );
    let silent = chair
        .post_json(&disqualifiers(d2), &json!({ "found": [{ "code": "L1", "note": " " }] }))
        .await;
    assert_eq!(
        silent.field_codes(),
        vec![("found[0].note".to_owned(), "required".to_owned())]
    );
    let note = "Giấy chứng nhận an toàn thực phẩm trong hồ sơ đã hết hiệu lực từ năm 2024.";
    // Through the page form first (L1), then corrected through the API (L2 replaces it).
    let form = post_form(
        &mut chair,
        &format!("/batches/{batch_id}/dossiers/{d2}/disqualifiers"),
        &[
            ("code", "L1"),
            ("note_L1", "Nhãn hiệu trùng với nhãn hiệu đã đăng ký"),
            ("note_L2", ""),
        ],
    )
    .await;
    assert_eq!(form.status, 303, "{}", form.text);
    let page = chair.get(&format!("/batches/{batch_id}")).await;
    assert!(
        page.text.contains("Nhãn hiệu trùng với nhãn hiệu đã đăng ký"),
        "{}",
        page.text
    );
    assert!(page.text.contains("record-disqualifiers"));
    let recorded = chair
        .post_json(
            &disqualifiers(d2),
            &json!({ "found": [{ "code": "L2", "note": note }] }),
        )
        .await;
    assert_eq!(recorded.status, 200, "{}", recorded.text);
    let found = row(&recorded.json(), d2)["disqualifiers"].clone();
    assert_eq!(found.as_array().unwrap().len(), 1, "{found}");
    assert_eq!(found[0]["code"], "L2");
    assert_eq!(found[0]["text"], "Hồ sơ khai không trung thực");
    assert_eq!(found[0]["note"], note);
    let audited = ocop_storage::entities::audit_entry::Entity::find()
        .filter(ocop_storage::entities::audit_entry::Column::Action.eq("batch.disqualifiers"))
        .count(app.ctx.db.conn())
        .await
        .unwrap();
    assert_eq!(audited, 2, "the form and the API call are each audited");

    // Scores: dossier 1 → (78 + 77 + 77) / 3 = 77.33, 4★; dossier 2 scores 78 but is excluded.
    let base = ["6.2", "8", "10", "4.1"];
    score(&mut chair, &batch_id, d1, &base).await;
    score(&mut a, &batch_id, d1, &[&base[..], &["1.6"]].concat()).await;
    score(&mut b, &batch_id, d1, &[&base[..], &["3.3"]].concat()).await;
    for client in [&mut chair, &mut a, &mut b] {
        score(client, &batch_id, d2, &base).await;
    }
    let closed = chair
        .post_json(&format!("/api/v1/batches/{batch_id}/close"), &json!({}))
        .await;
    assert_eq!(closed.status, 200, "{}", closed.text);
    let closed = closed.json();
    assert_eq!(row(&closed, d1)["score"].as_f64().unwrap(), 77.33);
    assert_eq!(row(&closed, d1)["star"], 4);
    assert_eq!(row(&closed, d1)["route"], "recognise");
    assert_eq!(row(&closed, d2)["score"].as_f64().unwrap(), 78.0);
    assert_eq!(
        row(&closed, d2)["star"],
        Value::Null,
        "no star for a disqualified dossier"
    );
    assert_eq!(row(&closed, d2)["route"], "not_recognised");
    let states = ocop_service::councils::testing::dossier_states(&app.ctx.db, &[d1, d2]).await;
    assert_eq!(states, vec!["scored".to_owned(), "not_recognised".to_owned()]);
    let late = chair.post_json(&disqualifiers(d1), &json!({ "found": [] })).await;
    assert_eq!(late.error_code(), "batch_state", "{}", late.text);
    let page = a.get(&format!("/batches/{batch_id}")).await;
    assert!(page.text.contains("Loại") && page.text.contains(note), "{}", page.text);
    for doc in ["results.pdf", "minutes.pdf", "decision.pdf"] {
        assert!(
            page.text
                .contains(&format!("/api/v1/batches/{batch_id}/documents/{doc}")),
            "{doc} link"
        );
    }

    let minutes = secretary
        .post_json(
            &format!("/api/v1/batches/{batch_id}/minutes"),
            &json!({ "minutes": "Hội đồng họp đủ thành phần, thống nhất kết quả.\nĐề nghị Ủy ban nhân dân tỉnh công nhận sản phẩm đạt 4 sao." }),
        )
        .await;
    assert_eq!(minutes.status, 200, "{}", minutes.text);
    let recognised = province
        .post_json(
            &format!("/api/v1/batches/{batch_id}/recognise"),
            &json!({ "decision": { "number": "2345/QĐ-UBND", "decided_on": day(0), "issuer_name": "UBND tỉnh Hà Tĩnh",
                                   "issuer_level": "province", "legal_basis": "qd148" } }),
        )
        .await;
    assert_eq!(recognised.status, 200, "{}", recognised.text);
    let certificates = |p| ocop_service::councils::testing::certificates_of(&app.ctx.db, p);
    assert_eq!(certificates(product1).await, vec![(4, Some(7733))]);
    assert_eq!(
        certificates(product2).await,
        vec![],
        "the disqualified product gets no certificate"
    );

    // The PDFs: what members and managers download.
    for doc in ["results.pdf", "minutes.pdf", "decision.pdf"] {
        let r = a.get(&format!("/api/v1/batches/{batch_id}/documents/{doc}")).await;
        assert_eq!(r.status, 200, "{doc}: {}", r.text);
        assert_eq!(r.headers["content-type"], "application/pdf", "{doc}");
        let disposition = r.headers["content-disposition"].to_str().unwrap();
        assert!(disposition.ends_with(".pdf\""), "{disposition}");
        assert!(r.text.starts_with("%PDF-"), "{doc}");
        assert!(r.text.contains("/FontFile"), "{doc}: the font is embedded");
        assert_eq!(
            outsider
                .get(&format!("/api/v1/batches/{batch_id}/documents/{doc}"))
                .await
                .status,
            404,
            "{doc}"
        );
    }
    assert_eq!(
        a.get(&format!("/api/v1/batches/{batch_id}/documents/minutes.doc"))
            .await
            .status,
        404
    );

    // What they say, read from the laid-out pages of the same data.
    let reader = app.admin_actor().await;
    let id: Uuid = batch_id.parse().unwrap();
    let pages = |name: &'static str| ocop_service::councils::testing::pdf_pages(&app.ctx.db, &reader, id, name);
    let (results, missing) = pages("results.pdf").await;
    assert!(missing.is_empty(), "results: {missing:?}");
    let results = results.join(" ");
    for expected in [
        "BẢNG TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP",
        "ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH",
        "Rau sạch Cẩm Xuyên 1",
        "Hợp tác xã Phú Sang 1",
        "Xã Cẩm Xuyên",
        "77,33",
        "4 sao",
        "Công nhận",
        "Rau sạch Cẩm Xuyên 2",
        "78,00",
        "Loại",
        "Không công nhận — hồ sơ bị loại (L2)",
        "Nguyễn Văn Đức",
        "Hoàng Thị Thư",
    ] {
        assert!(
            results.contains(expected),
            "{expected:?} missing from the results: {results}"
        );
    }
    let (minutes, missing) = pages("minutes.pdf").await;
    assert!(missing.is_empty(), "minutes: {missing:?}");
    let minutes = minutes.join(" ");
    for expected in [
        "BIÊN BẢN",
        "Căn cứ Quyết định số 1234/QĐ-UBND",
        "Trần Thị Ánh",
        "Lê Văn Bình",
        "Có mặt 3/3 thành viên chấm điểm (100 %), có Chủ tịch hội đồng; phiên họp đủ điều kiện",
        "L2 — Hồ sơ khai không trung thực",
        note,
        "Không công nhận — hồ sơ bị loại (L2)",
        "Đề nghị Ủy ban nhân dân tỉnh công nhận sản phẩm đạt 4 sao.",
    ] {
        assert!(
            minutes.contains(expected),
            "{expected:?} missing from the minutes: {minutes}"
        );
    }
    let (decision, missing) = pages("decision.pdf").await;
    assert!(missing.is_empty(), "decision: {missing:?}");
    assert!(!decision[0].contains("DỰ THẢO"), "the decision is issued");
    for expected in [
        "Số: 2345/QĐ-UBND",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH",
        "công nhận 01 sản phẩm đạt chuẩn OCOP (01 sản phẩm 4 sao)",
    ] {
        assert!(decision[0].contains(expected), "{expected:?} missing: {}", decision[0]);
    }
    // Words an official would sign: the basis cited by its title alone, the department under
    // its name on the decision's day (2026), the working group under the basis' own term.
    let whole = decision.join(" ");
    assert!(
        whole.contains("Căn cứ Quyết định số 148/QĐ-TTg ngày 24/02/2023 của Thủ tướng Chính phủ, sửa đổi bởi Quyết định số 1489/QĐ-TTg"),
        "{whole}"
    );
    assert!(whole.contains("Giám đốc Sở Nông nghiệp và Môi trường"), "{whole}");
    for never in ["đối chiếu", "Phát triển nông thôn", "NN&PTNT", "Tổ tư vấn", "I.4.a"] {
        assert!(!whole.contains(never), "{never:?} printed in the decision: {whole}");
        assert!(!minutes.contains(never), "{never:?} printed in the minutes: {minutes}");
    }
    let annex = decision[1..].join(" ");
    assert!(
        annex.contains("Rau sạch Cẩm Xuyên 1") && annex.contains("77,33"),
        "{annex}"
    );
    assert!(
        !annex.contains("Rau sạch Cẩm Xuyên 2"),
        "the excluded product is not annexed: {annex}"
    );
}
