//! The access walk's fixtures for the oversight rows (hậu kiểm, issue 14): plans, inspections,
//! findings and cases of each target, built by the administrator through the API, and a valid
//! body for every oversight change, so each request reaches the access rules.
//!
//! Reads share one fixture per target; every change gets a fixture of its own in the state the
//! step needs (a planned inspection to record, a recorded one to add a finding to, a proposed
//! finding to decide, …). Steps that touch a certificate (propose, decide) act on a fresh
//! certificate, never on the target's, which the other rows keep reading.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::{Request, Row, World, day};

/// Oversight fixtures of one walk.
#[derive(Default)]
pub(super) struct Fixtures {
    /// The next year for a new inspection plan (one plan per unit and year).
    year: i32,
    /// Read fixtures per (kind, target).
    shared: BTreeMap<(&'static str, usize), String>,
}

/// What a finding fixture needs before the step walked.
#[derive(Clone, Copy, PartialEq, Eq)]
enum FindingStage {
    /// Open, on the target's certificate.
    Open,
    /// Open and severe, on a fresh certificate (revocation may be proposed at once).
    SevereOnFresh,
    /// Its revocation proposed to the issuing authority, on a fresh certificate.
    Proposed,
}

fn json_body(v: Value) -> Option<(String, Vec<u8>)> {
    Some(("application/json".to_owned(), v.to_string().into_bytes()))
}

fn form(pairs: &[(&str, String)]) -> Option<(String, Vec<u8>)> {
    Some((
        "application/x-www-form-urlencoded".to_owned(),
        serde_urlencoded::to_string(pairs).expect("form").into_bytes(),
    ))
}

/// Today as the pages' forms write it.
fn today_dmy() -> String {
    super::today_plus(0).format("%d/%m/%Y").to_string()
}

fn record_body() -> Value {
    json!({ "carried_out_on": day(0), "place": "Cơ sở sản xuất", "team": "Tổ kiểm tra liên ngành",
            "lead_name": "Nguyễn Văn Kiểm", "checked": "Nhãn, hồ sơ an toàn thực phẩm" })
}

fn finding_body(severity: &str) -> Value {
    json!({ "kind": "label", "severity": severity, "description": "Nhãn thiếu hạn sử dụng",
            "remedy_required": "In lại nhãn đủ nội dung", "working_days": 10 })
}

impl World {
    /// The concrete request of an oversight row, or `None` for any other row.
    pub(super) async fn oversight_request(&mut self, row: &Row, t: usize) -> Option<Request> {
        let template = row.path.as_str();
        let api = template.starts_with("/api/v1/oversight/");
        if !api && !template.starts_with("/oversight") {
            return None;
        }
        let method = row.method.as_str();
        let seed = self.seed;
        self.seed += 1;
        let page = !api;
        let request = match (method, template.trim_start_matches("/api/v1")) {
            ("GET", "/oversight/plans" | "/oversight/inspections" | "/oversight/findings" | "/oversight/cases")
            | ("GET", "/oversight/worklist" | "/oversight") => (template.to_owned(), None),
            ("POST", "/oversight/plans") => {
                let year = self.next_oversight_year();
                let unit = self.targets[t].commune_id;
                (
                    template.to_owned(),
                    json_body(json!({ "unit_id": unit, "year": year, "title": format!("Kế hoạch hậu kiểm {seed}") })),
                )
            }
            (
                "GET",
                "/oversight/plans/{id}" | "/oversight/plans/{id}/candidates" | "/oversight/plans/{id}/plan.xlsx",
            ) => {
                let plan = self.shared_plan(t).await;
                (template.replace("{id}", &plan), None)
            }
            ("POST", "/oversight/plans/{id}/approve") => {
                let plan = self.fresh_oversight_plan(t).await;
                (template.replace("{id}", &plan), json_body(json!({})))
            }
            ("POST", "/oversight/inspections") => {
                let certificate = self.targets[t].certificate_id.clone();
                (
                    template.to_owned(),
                    json_body(json!({ "certificate_id": certificate, "ground": "periodic",
                                      "lead_agency": "agriculture", "planned_on": day(3) })),
                )
            }
            ("GET", "/oversight/inspections/{id}") => {
                let inspection = self.shared_inspection(t).await;
                (template.replace("{id}", &inspection), None)
            }
            ("POST", "/oversight/inspections/{id}/record") => {
                let inspection = self.fresh_inspection(t, false).await;
                let body = if page {
                    form(&[
                        ("carried_out_on", today_dmy()),
                        ("place", "Cơ sở sản xuất".into()),
                        ("team", "Tổ kiểm tra liên ngành".into()),
                        ("lead_name", "Nguyễn Văn Kiểm".into()),
                        ("checked", "Nhãn, hồ sơ an toàn thực phẩm".into()),
                    ])
                } else {
                    json_body(record_body())
                };
                (template.replace("{id}", &inspection), body)
            }
            ("POST", "/oversight/inspections/{id}/findings") => {
                let inspection = self.fresh_inspection(t, true).await;
                let body = if page {
                    form(&[
                        ("kind", "label".into()),
                        ("severity", "minor".into()),
                        ("description", "Nhãn thiếu hạn sử dụng".into()),
                        ("remedy_required", "In lại nhãn đủ nội dung".into()),
                        ("working_days", "10".into()),
                    ])
                } else {
                    json_body(finding_body("minor"))
                };
                (template.replace("{id}", &inspection), body)
            }
            ("POST", "/oversight/inspections/{id}/sign-off") => {
                let inspection = self.fresh_inspection(t, true).await;
                let body = if page { form(&[]) } else { json_body(json!({})) };
                (template.replace("{id}", &inspection), body)
            }
            ("POST", "/oversight/inspections/{id}/cancel") => {
                let inspection = self.fresh_inspection(t, false).await;
                (
                    template.replace("{id}", &inspection),
                    json_body(json!({ "reason": "Cơ sở tạm ngừng sản xuất theo mùa vụ" })),
                )
            }
            ("GET", "/oversight/findings/{id}") => {
                let finding = self.shared_finding(t).await;
                (template.replace("{id}", &finding), None)
            }
            ("POST", "/oversight/findings/{id}/answer") => {
                let finding = self.fresh_finding(t, FindingStage::Open).await;
                let document = self.fresh_document(t).await;
                let text = "Cơ sở đã in lại nhãn, gửi kèm ảnh nhãn mới".to_owned();
                let body = if page {
                    form(&[("text", text), ("evidence", document)])
                } else {
                    json_body(json!({ "text": text, "evidence": [document] }))
                };
                (template.replace("{id}", &finding), body)
            }
            ("POST", "/oversight/findings/{id}/remedy") => {
                let finding = self.fresh_finding(t, FindingStage::Open).await;
                let document = self.fresh_document(t).await;
                (
                    template.replace("{id}", &finding),
                    json_body(json!({ "text": "Đã kiểm tra lại nhãn mới", "evidence": [document] })),
                )
            }
            ("POST", "/oversight/findings/{id}/propose") => {
                let finding = self.fresh_finding(t, FindingStage::SevereOnFresh).await;
                let body = if page {
                    form(&[])
                } else {
                    json_body(json!({ "consequence": "revocation" }))
                };
                (template.replace("{id}", &finding), body)
            }
            ("POST", "/oversight/findings/{id}/decide") => {
                let finding = self.fresh_finding(t, FindingStage::Proposed).await;
                let number = format!("H{seed}/QĐ-UBND");
                let issuer = super::issuer(self.targets[t].province).to_owned();
                let note = "Thu hồi theo kết quả hậu kiểm".to_owned();
                let body = if page {
                    form(&[
                        ("accept", "yes".into()),
                        ("decided_on", today_dmy()),
                        ("decision_number", number),
                        ("issuer_name", issuer),
                        ("note", note),
                    ])
                } else {
                    json_body(json!({ "accept": true, "decided_on": day(0), "decision_number": number,
                                      "issuer_name": issuer, "note": note }))
                };
                (template.replace("{id}", &finding), body)
            }
            ("POST", "/oversight/cases") => {
                let code = self.targets[t].verification_code.clone();
                (
                    template.to_owned(),
                    json_body(json!({ "source": "agency_complaint", "verification_code": code,
                                      "summary": format!("Quản lý thị trường phản ánh tem nghi giả {seed}") })),
                )
            }
            ("GET", "/oversight/cases/{id}") => {
                let case = self.shared_case(t).await;
                (template.replace("{id}", &case), None)
            }
            ("POST", "/oversight/cases/{id}/notes") => {
                let case = self.fresh_case(t).await;
                (
                    template.replace("{id}", &case),
                    json_body(json!({ "text": "Đã liên hệ cơ sở" })),
                )
            }
            ("POST", "/oversight/cases/{id}/close") => {
                let case = self.fresh_case(t).await;
                let note = "Tem thật, người mua nhầm lô".to_owned();
                let body = if page {
                    form(&[("outcome", "unfounded".into()), ("note", note)])
                } else {
                    json_body(json!({ "outcome": "unfounded", "note": note }))
                };
                (template.replace("{id}", &case), body)
            }
            ("POST", "/oversight/cases/{id}/merge") => {
                let into = self.fresh_case(t).await;
                let case = self.fresh_case(t).await;
                (template.replace("{id}", &case), json_body(json!({ "into": into })))
            }
            ("POST", "/oversight/cases/{id}/inspect") => {
                let case = self.fresh_case(t).await;
                (
                    template.replace("{id}", &case),
                    form(&[
                        ("lead_agency", "market_surveillance".into()),
                        ("planned_on", today_dmy()),
                    ]),
                )
            }
            (method, path) => panic!(
                "tests/access_walk/oversight.rs has no fixture for {method} {path}: add one, so the walk reaches the access rules"
            ),
        };
        Some(request)
    }

    fn next_oversight_year(&mut self) -> i32 {
        if self.oversight.year == 0 {
            self.oversight.year = 2040;
        }
        self.oversight.year += 1;
        self.oversight.year
    }

    /// A new draft inspection plan of the target's commune.
    async fn fresh_oversight_plan(&mut self, t: usize) -> String {
        let year = self.next_oversight_year();
        let unit = self.targets[t].commune_id;
        let created = self
            .admin
            .post_json(
                "/api/v1/oversight/plans",
                &json!({ "unit_id": unit, "year": year, "title": "Kế hoạch hậu kiểm" }),
            )
            .await;
        assert_eq!(created.status, 201, "{}", created.text);
        created.json()["id"].as_str().unwrap().to_owned()
    }

    async fn shared_plan(&mut self, t: usize) -> String {
        if let Some(id) = self.oversight.shared.get(&("plan", t)) {
            return id.clone();
        }
        let id = self.fresh_oversight_plan(t).await;
        self.oversight.shared.insert(("plan", t), id.clone());
        id
    }

    /// A new inspection of `certificate`, planned, or recorded (open for findings) when `recorded`.
    async fn inspection_of_certificate(&mut self, certificate: &str, recorded: bool) -> String {
        let planned = self
            .admin
            .post_json(
                "/api/v1/oversight/inspections",
                &json!({ "certificate_id": certificate, "ground": "periodic", "lead_agency": "agriculture",
                         "planned_on": day(0) }),
            )
            .await;
        assert_eq!(planned.status, 201, "{}", planned.text);
        let id = planned.json()["id"].as_str().unwrap().to_owned();
        if recorded {
            let done = self
                .admin
                .post_json(&format!("/api/v1/oversight/inspections/{id}/record"), &record_body())
                .await;
            assert_eq!(done.status, 200, "{}", done.text);
        }
        id
    }

    /// A new inspection of the target's certificate.
    async fn fresh_inspection(&mut self, t: usize, recorded: bool) -> String {
        let certificate = self.targets[t].certificate_id.clone();
        self.inspection_of_certificate(&certificate, recorded).await
    }

    async fn shared_inspection(&mut self, t: usize) -> String {
        if let Some(id) = self.oversight.shared.get(&("inspection", t)) {
            return id.clone();
        }
        let id = self.fresh_inspection(t, true).await;
        self.oversight.shared.insert(("inspection", t), id.clone());
        id
    }

    /// A new finding at `stage`.
    async fn fresh_finding(&mut self, t: usize, stage: FindingStage) -> String {
        let (certificate, severity) = match stage {
            FindingStage::Open => (self.targets[t].certificate_id.clone(), "minor"),
            FindingStage::SevereOnFresh | FindingStage::Proposed => (self.fresh_certificate(t).await, "severe"),
        };
        let inspection = self.inspection_of_certificate(&certificate, true).await;
        let added = self
            .admin
            .post_json(
                &format!("/api/v1/oversight/inspections/{inspection}/findings"),
                &finding_body(severity),
            )
            .await;
        assert_eq!(added.status, 200, "{}", added.text);
        let finding = added.json()["findings"]
            .as_array()
            .and_then(|f| f.last())
            .and_then(|f| f["id"].as_str())
            .expect("the finding added")
            .to_owned();
        if stage == FindingStage::Proposed {
            let proposed = self
                .admin
                .post_json(
                    &format!("/api/v1/oversight/findings/{finding}/propose"),
                    &json!({ "consequence": "revocation" }),
                )
                .await;
            assert_eq!(proposed.status, 200, "{}", proposed.text);
        }
        finding
    }

    async fn shared_finding(&mut self, t: usize) -> String {
        if let Some(id) = self.oversight.shared.get(&("finding", t)) {
            return id.clone();
        }
        let id = self.fresh_finding(t, FindingStage::Open).await;
        self.oversight.shared.insert(("finding", t), id.clone());
        id
    }

    /// A new open case (an agency's complaint) about the target's code.
    async fn fresh_case(&mut self, t: usize) -> String {
        let code = self.targets[t].verification_code.clone();
        let opened = self
            .admin
            .post_json(
                "/api/v1/oversight/cases",
                &json!({ "source": "agency_complaint", "verification_code": code,
                         "summary": "Quản lý thị trường phản ánh tem nghi giả" }),
            )
            .await;
        assert_eq!(opened.status, 201, "{}", opened.text);
        opened.json()["id"].as_str().unwrap().to_owned()
    }

    async fn shared_case(&mut self, t: usize) -> String {
        if let Some(id) = self.oversight.shared.get(&("case", t)) {
            return id.clone();
        }
        let id = self.fresh_case(t).await;
        self.oversight.shared.insert(("case", t), id.clone());
        id
    }
}
