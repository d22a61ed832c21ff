//! Fixtures for tests and the scoring benchmark: an eligible dossier inserted as the dossier
//! workflow leaves it, and readers of what the council cycle stored. Not used by the
//! application itself.

use std::io::Read;

use chrono::NaiveDate;
use ocop_domain::evaluation::Level;
use ocop_domain::evaluation::dossier::DossierState;
use ocop_domain::role::Actor;
use ocop_storage::entities::{certificate, criteria_set, dossier};
use ocop_storage::repo::{criteria_set_repo, dossier_repo};
use ocop_storage::{Database, DbErr};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

/// The published QĐ 1048 criteria set shipped by the migrations.
pub async fn qd1048_set(db: &Database) -> Result<Uuid, DbErr> {
    let sets = criteria_set_repo::list(db.conn()).await?;
    sets.iter()
        .find(|s| s.legal_basis == "QD1048-2019" && s.status == criteria_set::PUBLISHED)
        .map(|s| s.id)
        .ok_or_else(|| DbErr::Custom("no published QĐ 1048 set".into()))
}

/// Inserts a dossier found eligible at the province level (submitted 01/08/2025, under
/// QĐ 148 amended by QĐ 1489, scored on the QĐ 1048 sheet).
pub async fn insert_eligible_dossier(
    db: &Database,
    producer_id: Uuid,
    product_id: Uuid,
    commune_id: &str,
) -> Result<Uuid, DbErr> {
    let eligible = DossierState::Eligible { level: Level::Province };
    insert_dossier_in(db, producer_id, product_id, commune_id, eligible).await
}

/// Inserts a dossier standing in `state` (submitted 01/08/2025, under QĐ 148 amended by
/// QĐ 1489, on the QĐ 1048 sheet), e.g. proposed to or eligible at the central level.
pub async fn insert_dossier_in(
    db: &Database,
    producer_id: Uuid,
    product_id: Uuid,
    commune_id: &str,
    state: DossierState,
) -> Result<Uuid, DbErr> {
    let set = qd1048_set(db).await?;
    insert_dossier_on(db, set, producer_id, product_id, commune_id, state).await
}

/// An eligible dossier scored on another published criteria set (e.g. one with disqualifiers).
pub async fn insert_eligible_dossier_on(
    db: &Database,
    set: Uuid,
    producer_id: Uuid,
    product_id: Uuid,
    commune_id: &str,
) -> Result<Uuid, DbErr> {
    let eligible = DossierState::Eligible { level: Level::Province };
    insert_dossier_on(db, set, producer_id, product_id, commune_id, eligible).await
}

/// A dossier in `state` on the criteria set `set`.
async fn insert_dossier_on(
    db: &Database,
    set: Uuid,
    producer_id: Uuid,
    product_id: Uuid,
    commune_id: &str,
    state: DossierState,
) -> Result<Uuid, DbErr> {
    let now = ocop_storage::now();
    let id = Uuid::now_v7();
    let mut row = dossier::Model {
        id,
        producer_id,
        product_id,
        kind: "new".into(),
        current_stars: None,
        state: String::new(),
        level: None,
        score_x100: None,
        stars: None,
        legal_basis: Some("QD148-1489-2025".into()),
        criteria_set_id: set,
        submitted_on: NaiveDate::from_ymd_opt(2025, 8, 1),
        commune_id: commune_id.to_owned(),
        self_assessment: "{}".into(),
        commune_report: None,
        created_by: None,
        row_version: 1,
        created_at: now,
        updated_at: now,
    };
    dossier::StateColumns::of(state).apply_to(&mut row);
    dossier_repo::insert(db.conn(), row).await?;
    attach_required_documents(db.conn(), id, producer_id, "QD148-1489-2025").await?;
    Ok(id)
}

/// Attaches a document row of every type the basis `basis_id` requires, as a complete dossier
/// has them before it is found eligible (fixtures and demo data: the row has no stored file and
/// its title says so).
pub async fn attach_required_documents<C: sea_orm::ConnectionTrait>(
    conn: &C,
    dossier_id: Uuid,
    producer_id: Uuid,
    basis_id: &str,
) -> Result<(), DbErr> {
    use ocop_storage::entities::{dossier_evidence, evidence_document};
    use sea_orm::{ActiveModelTrait, IntoActiveModel};
    let now = ocop_storage::now();
    for required in ocop_domain::evaluation::preconditions::required_documents(basis_id) {
        let document = evidence_document::Model {
            id: Uuid::now_v7(),
            producer_id,
            doc_type: required.doc_type.to_owned(),
            title: format!("{} (dữ liệu mẫu, không kèm tệp)", required.label),
            file_key: format!("fixture/{dossier_id}/{}", required.doc_type),
            content_type: "application/pdf".into(),
            byte_size: 0,
            sha256: String::new(),
            issued_on: None,
            expires_on: None,
            issuer: None,
            uploaded_by: None,
            created_at: now,
        };
        let document_id = document.id;
        document.into_active_model().reset_all().insert(conn).await?;
        dossier_evidence::Model {
            id: Uuid::now_v7(),
            dossier_id,
            document_id,
            criterion_code: None,
            attached_by: None,
            created_at: now,
        }
        .into_active_model()
        .reset_all()
        .insert(conn)
        .await?;
    }
    Ok(())
}

/// Records every seated member of a batch's council present (`actor`: the secretary or a
/// manager), as the secretary does at the start of the meeting.
pub async fn all_present(db: &Database, actor: &Actor, batch_id: Uuid) -> crate::error::ServiceResult<()> {
    use super::meeting::{AttendanceEntry, AttendanceInput, record_attendance};
    let batch = super::batches::get(db, actor, batch_id).await?;
    let attendance = batch
        .attendance
        .iter()
        .map(|a| AttendanceEntry {
            member_id: a.member_id,
            presence: "present".into(),
        })
        .collect();
    record_attendance(db, actor, batch_id, &AttendanceInput { attendance }).await?;
    Ok(())
}

/// The workflow state names of some dossiers, in the order given.
pub async fn dossier_states(db: &Database, ids: &[Uuid]) -> Vec<String> {
    let mut out = Vec::new();
    for id in ids {
        let row = dossier_repo::get(db.conn(), *id).await.ok().flatten();
        out.push(row.map(|r| r.state).unwrap_or_default());
    }
    out
}

/// (stars, score in hundredths) of a product's certificates.
pub async fn certificates_of(db: &Database, product_id: Uuid) -> Vec<(i32, Option<i32>)> {
    certificate::Entity::find()
        .filter(certificate::Column::ProductId.eq(product_id))
        .all(db.conn())
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|c| (c.stars, c.score_x100))
        .collect()
}

/// The shared strings of a generated .xlsx document, joined (what a reader of the file sees).
pub async fn xlsx_text(db: &Database, actor: &Actor, batch_id: Uuid, name: &str) -> String {
    let doc = super::documents::Document::parse(name).expect("document name");
    let bytes = super::documents::render(db, actor, batch_id, doc)
        .await
        .expect("render");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("an xlsx is a zip");
    let mut text = String::new();
    if let Ok(mut file) = archive.by_name("xl/sharedStrings.xml") {
        file.read_to_string(&mut text).expect("utf-8");
    }
    let mut sheet = String::new();
    if let Ok(mut file) = archive.by_name("xl/worksheets/sheet1.xml") {
        file.read_to_string(&mut sheet).expect("utf-8");
    }
    text + &sheet
}

/// What a reader of a batch's PDF document sees, from the same data the download is made of:
/// the text of each page and every glyph laid out as the font's missing glyph.
pub async fn pdf_pages(
    db: &Database,
    actor: &Actor,
    batch_id: Uuid,
    name: &str,
) -> (Vec<String>, Vec<ocop_documents::MissingGlyph>) {
    let file = super::documents::DocumentFile::parse(name).expect("document name");
    let batch = super::batches::get(db, actor, batch_id).await.expect("batch");
    let (template, data) = super::documents_pdf::template_data(db.conn(), &batch, file.document)
        .await
        .expect("document data");
    (
        ocop_documents::page_texts(template, data.clone()).expect("pages"),
        ocop_documents::missing_glyphs(template, data).expect("glyphs"),
    )
}

/// An eligible dossier submitted on `submitted_on`, under the legal basis in force that day
/// (the demo's batches: each holds dossiers of one basis, the one of its dates).
pub async fn insert_eligible_dossier_submitted(
    db: &Database,
    producer_id: Uuid,
    product_id: Uuid,
    commune_id: &str,
    submitted_on: NaiveDate,
) -> Result<Uuid, DbErr> {
    use sea_orm::sea_query::Expr;
    let id = insert_eligible_dossier(db, producer_id, product_id, commune_id).await?;
    let basis = ocop_domain::evaluation::LegalBases::official()
        .in_force_on(submitted_on)
        .map(|b| b.id.clone());
    dossier::Entity::update_many()
        .col_expr(dossier::Column::LegalBasis, Expr::value(basis))
        .col_expr(dossier::Column::SubmittedOn, Expr::value(submitted_on))
        .filter(dossier::Column::Id.eq(id))
        .exec(db.conn())
        .await?;
    Ok(id)
}
