//! Stable error codes for every failure a user can see.
//!
//! The code travels through the API as a snake_case string; the interface turns
//! it into a sentence with [`ErrorCode::message`]. No English text reaches a
//! Vietnamese page because every message lives here, in both languages.

use serde::{Deserialize, Serialize};

use crate::Lang;

/// A user-visible failure, stable across releases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    // --- generic field validation ---
    /// A required field is empty.
    Required,
    /// A text is longer than allowed.
    TooLong,
    /// A text holds a NUL or another invisible control character.
    ControlCharacter,
    /// A search has more words than allowed.
    TooManyTerms,
    /// A value is not one of the allowed choices.
    InvalidChoice,
    /// A date is not a valid calendar date (dd/mm/yyyy or yyyy-mm-dd).
    InvalidDate,
    /// An end date lies before its start date.
    DateOrder,
    /// A number is malformed or out of range.
    InvalidNumber,
    // --- identifiers and contacts ---
    /// A tax code (mã số thuế) is malformed or its check digit is wrong.
    InvalidTaxCode,
    /// A business registration number is malformed.
    InvalidRegistrationNumber,
    /// A GTIN is malformed or its check digit is wrong.
    InvalidGtin,
    /// A phone number is not a Vietnamese phone number.
    InvalidPhone,
    /// An e-mail address is malformed.
    InvalidEmail,
    // --- references and uniqueness ---
    /// The administrative unit does not exist (or not at that date).
    UnknownAdminUnit,
    /// The administrative unit exists but is not of the expected level.
    WrongAdminLevel,
    /// The product set code is unknown.
    UnknownProductSet,
    /// The producer does not exist.
    UnknownProducer,
    /// Another producer already has this tax or registration number.
    DuplicateRegistration,
    /// Another user already has this login name.
    DuplicateUsername,
    // --- certificates ---
    /// Only 3★ to 5★ products are certified.
    InvalidStars,
    /// This level of government may not sign a certificate of these stars under this basis and date.
    WrongIssuer,
    /// The step does not fit the current state: a certificate already revoked or superseded, a
    /// dossier, idea or business plan at another step.
    InvalidTransition,
    /// An upgrade (nâng hạng) must give more stars than the current certificate.
    NotAnUpgrade,
    /// Only the body that issued a certificate (the ministry for 5★, the province — or today's
    /// province of a former district — for 3–4★) may suspend, revoke or record a decision on it.
    NotIssuingAuthority,
    /// A recognition decision is recorded only when it was signed before today: a new decision
    /// comes from a dossier and a council.
    DecisionNotPast,
    /// Recording an existing decision needs the scanned decision (PDF, JPEG or PNG) uploaded first.
    DecisionScanRequired,
    /// The product already holds a certificate in force: a renewal or an upgrade goes through a
    /// dossier and a council, not a typed number of stars.
    CertificateInForce,
    /// While a product holds a certificate in force, its certified facts (name, product set,
    /// producer, place of production) and its producer's place change only by an officer's amendment.
    CertifiedFactsFrozen,
    /// An amendment that changes none of the certified facts.
    NothingToAmend,
    /// An import file has errors; nothing was saved.
    ImportRejected,
    // --- criteria sets (bộ tiêu chí) ---
    /// The legal basis of a criteria set is unknown.
    UnknownLegalBasis,
    /// A criteria set lacks its title or product set, or a demo sheet is not marked as such.
    CriteriaSetIncomplete,
    /// Parts, groups or criteria do not add up to their maximum (or to 100).
    CriteriaSumMismatch,
    /// A part does not match the legal basis (missing, unexpected or another maximum).
    CriteriaPartMismatch,
    /// A criterion's maximum is not its highest option, or it has no options.
    CriteriaOptionMismatch,
    /// A code appears twice in a criteria set.
    DuplicateCode,
    /// A mandatory flag is out of range.
    InvalidMandatory,
    /// A published criteria set cannot change; publish a new version.
    CriteriaSetPublished,
    // --- councils and scoring (hội đồng, chấm điểm) ---
    /// Fewer than 75 % of the council's scoring members have submitted their sheets, or the chair has not: the council cannot close.
    NoQuorum,
    /// The member declared a conflict of interest for this dossier and may not score it.
    MemberRecused,
    /// The council secretary keeps the minutes and does not score.
    SecretaryMayNotScore,
    /// Another member's sheet stays hidden until the caller submitted its own.
    SheetsHidden,
    /// A sheet is submitted only when every criterion has an answer.
    SheetIncomplete,
    /// A submitted sheet no longer changes.
    SheetSubmitted,
    /// The electronic dossiers did not reach the members at least one working day before the meeting.
    NotSentInTime,
    /// Only dossiers found eligible at the council's level and in its province can be scheduled.
    DossierNotEligible,
    /// A new scoring round needs its reason recorded (the council's discussion).
    DiscussionRequired,
    /// The batch is not in a state that allows this.
    BatchState,
    /// Attendance at the meeting is not recorded for every council member: scoring cannot open.
    AttendanceNotRecorded,
    /// Fewer members present than the quorum needs (75 % of the scoring seats, the chair among them).
    NoQuorumPresent,
    /// The member was recorded absent from the meeting and may not score.
    MemberAbsent,
    /// The results decision exists: the minutes change only by a correction with its reason.
    MinutesFrozen,
    /// The decision is dated after today.
    DecisionInFuture,
    /// The decision is dated before the council's meeting.
    DecisionBeforeMeeting,
    /// The decision cites a legal basis other than the dossiers' own.
    WrongLegalBasis,
    // --- dossiers (hồ sơ) and the cycle before evaluation ---
    /// The mandatory documents are not all attached or the self-assessment is not complete.
    DossierIncomplete,
    /// A side condition of this step is not met (commune meeting, batch, dossier sent to members in time).
    DossierConditionNotMet,
    /// The commune report does not assess all four commune criteria.
    CommuneReportIncomplete,
    /// A return needs at least one reason.
    ReasonRequired,
    /// No legal basis is in force on the submission date.
    NoLegalBasis,
    /// Members' totals are too far apart: discuss and re-score first.
    RescoringRequired,
    /// The star exceeds the band of the score.
    StarAboveBand,
    /// The legal basis routes this dossier differently (recognise, forward or close).
    WrongRoute,
    /// The dossier is submitted: its content can change only when it is returned for supplement.
    DossierLocked,
    /// Only a published criteria set can be chosen.
    CriteriaSetNotPublished,
    // --- request level ---
    /// The request body or query is malformed.
    BadRequest,
    /// Some fields are invalid; see the field errors.
    ValidationFailed,
    /// Not logged in, or the session ended.
    Unauthenticated,
    /// Logged in, but this role or area may not do this.
    Forbidden,
    /// The object does not exist, or is not visible to this user.
    NotFound,
    /// The object changed meanwhile, or the action conflicts with its state.
    Conflict,
    /// The CSRF token is missing or wrong.
    CsrfFailed,
    /// Wrong login name or password.
    BadCredentials,
    /// Too many failed logins; wait before trying again.
    TooManyAttempts,
    /// Too many requests from one client address; wait before trying again (`Retry-After`).
    RateLimited,
    /// The password is too weak.
    WeakPassword,
    /// The upload is too large.
    PayloadTooLarge,
    /// A workbook declares more than it holds or than an import may read
    /// (shared strings counted in billions for one string).
    WorkbookDeclaresTooMuch,
    /// The file is not of an accepted type.
    UnsupportedMediaType,
    /// A photo that does not decode: truncated, forged or damaged.
    InvalidImage,
    /// A photo whose dimensions or decoded size exceed the limits (a decompression bomb).
    ImageTooLarge,
    // --- programme: directives, tasks, plans ---
    /// Not an office kind this system knows.
    UnknownOffice,
    /// A deadline code that does not parse.
    InvalidDeadline,
    /// Not a target kind this system knows.
    UnknownTargetKind,
    /// The task is already marked done.
    TaskAlreadyDone,
    /// The unit already has a plan for that year.
    PlanExists,
    /// A reporting period that is not `2026`, `2026-H1` or `2026-H2`.
    InvalidPeriod,
    /// The producer does not lie in the unit the record belongs to.
    ProducerOutsideUnit,
    /// The database is unavailable for a moment.
    ServiceUnavailable,
    /// The server's disk is full: nothing was saved.
    StorageFull,
    // --- dossier preconditions: the sheet and the kind of dossier ---
    /// No published criteria set for the product's product set under the legal basis in force.
    CriteriaSetMissing,
    /// An upgrade (nâng hạng) needs a certificate in force of the same product with fewer stars.
    UpgradeRequiresCertificate,
    /// A re-evaluation (công nhận lại) needs a certificate that is expiring or expired.
    ReevaluationRequiresExpiringCertificate,
    /// The product already has a dossier under way.
    DossierAlreadyOpen,
    /// A document the legal basis requires is not attached.
    RequiredDocumentMissing,
    /// An unexpected failure on the server (logged with an incident id).
    Internal,
    // --- council members reading dossiers (issue 13) ---
    /// Only members seated on the batch's council read the dossiers it scores.
    NotSeatedOnCouncil,
    // --- oversight (hậu kiểm) ---
    /// An evidence document is not in the vault of the producer concerned.
    EvidenceNotInVault,
    /// The finding calls for no consequence yet: not severe and its last day has not passed.
    ConsequenceNotDue,
    /// The inspection concerns no certificate, so nothing can be suspended or revoked.
    NoCertificateToAct,
    /// A case can only be merged into another open case of the same province.
    CaseMergeInvalid,
    /// The inspection's day lies after today.
    InspectionInFuture,
}

impl ErrorCode {
    /// The snake_case code as it appears in the API (the same string serde writes;
    /// a unit test keeps the two in step).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Required => "required",
            ErrorCode::UnknownOffice => "unknown_office",
            ErrorCode::InvalidDeadline => "invalid_deadline",
            ErrorCode::UnknownTargetKind => "unknown_target_kind",
            ErrorCode::TaskAlreadyDone => "task_already_done",
            ErrorCode::PlanExists => "plan_exists",
            ErrorCode::InvalidPeriod => "invalid_period",
            ErrorCode::ProducerOutsideUnit => "producer_outside_unit",
            ErrorCode::TooLong => "too_long",
            ErrorCode::ControlCharacter => "control_character",
            ErrorCode::TooManyTerms => "too_many_terms",
            ErrorCode::InvalidChoice => "invalid_choice",
            ErrorCode::InvalidDate => "invalid_date",
            ErrorCode::DateOrder => "date_order",
            ErrorCode::InvalidNumber => "invalid_number",
            ErrorCode::InvalidTaxCode => "invalid_tax_code",
            ErrorCode::InvalidRegistrationNumber => "invalid_registration_number",
            ErrorCode::InvalidGtin => "invalid_gtin",
            ErrorCode::InvalidPhone => "invalid_phone",
            ErrorCode::InvalidEmail => "invalid_email",
            ErrorCode::UnknownAdminUnit => "unknown_admin_unit",
            ErrorCode::WrongAdminLevel => "wrong_admin_level",
            ErrorCode::UnknownProductSet => "unknown_product_set",
            ErrorCode::UnknownProducer => "unknown_producer",
            ErrorCode::DuplicateRegistration => "duplicate_registration",
            ErrorCode::DuplicateUsername => "duplicate_username",
            ErrorCode::InvalidStars => "invalid_stars",
            ErrorCode::WrongIssuer => "wrong_issuer",
            ErrorCode::InvalidTransition => "invalid_transition",
            ErrorCode::NotAnUpgrade => "not_an_upgrade",
            ErrorCode::NotIssuingAuthority => "not_issuing_authority",
            ErrorCode::DecisionNotPast => "decision_not_past",
            ErrorCode::DecisionScanRequired => "decision_scan_required",
            ErrorCode::CertificateInForce => "certificate_in_force",
            ErrorCode::CertifiedFactsFrozen => "certified_facts_frozen",
            ErrorCode::NothingToAmend => "nothing_to_amend",
            ErrorCode::NoQuorum => "no_quorum",
            ErrorCode::MemberRecused => "member_recused",
            ErrorCode::SecretaryMayNotScore => "secretary_may_not_score",
            ErrorCode::SheetsHidden => "sheets_hidden",
            ErrorCode::SheetIncomplete => "sheet_incomplete",
            ErrorCode::SheetSubmitted => "sheet_submitted",
            ErrorCode::NotSentInTime => "not_sent_in_time",
            ErrorCode::DossierNotEligible => "dossier_not_eligible",
            ErrorCode::DiscussionRequired => "discussion_required",
            ErrorCode::BatchState => "batch_state",
            ErrorCode::AttendanceNotRecorded => "attendance_not_recorded",
            ErrorCode::NoQuorumPresent => "no_quorum_present",
            ErrorCode::MemberAbsent => "member_absent",
            ErrorCode::MinutesFrozen => "minutes_frozen",
            ErrorCode::DecisionInFuture => "decision_in_future",
            ErrorCode::DecisionBeforeMeeting => "decision_before_meeting",
            ErrorCode::WrongLegalBasis => "wrong_legal_basis",
            ErrorCode::ImportRejected => "import_rejected",
            ErrorCode::UnknownLegalBasis => "unknown_legal_basis",
            ErrorCode::CriteriaSetIncomplete => "criteria_set_incomplete",
            ErrorCode::CriteriaSumMismatch => "criteria_sum_mismatch",
            ErrorCode::CriteriaPartMismatch => "criteria_part_mismatch",
            ErrorCode::CriteriaOptionMismatch => "criteria_option_mismatch",
            ErrorCode::DuplicateCode => "duplicate_code",
            ErrorCode::InvalidMandatory => "invalid_mandatory",
            ErrorCode::CriteriaSetPublished => "criteria_set_published",
            ErrorCode::DossierIncomplete => "dossier_incomplete",
            ErrorCode::DossierConditionNotMet => "dossier_condition_not_met",
            ErrorCode::CommuneReportIncomplete => "commune_report_incomplete",
            ErrorCode::ReasonRequired => "reason_required",
            ErrorCode::NoLegalBasis => "no_legal_basis",
            ErrorCode::RescoringRequired => "rescoring_required",
            ErrorCode::StarAboveBand => "star_above_band",
            ErrorCode::WrongRoute => "wrong_route",
            ErrorCode::DossierLocked => "dossier_locked",
            ErrorCode::CriteriaSetNotPublished => "criteria_set_not_published",
            ErrorCode::BadRequest => "bad_request",
            ErrorCode::ValidationFailed => "validation_failed",
            ErrorCode::Unauthenticated => "unauthenticated",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::NotFound => "not_found",
            ErrorCode::Conflict => "conflict",
            ErrorCode::CsrfFailed => "csrf_failed",
            ErrorCode::BadCredentials => "bad_credentials",
            ErrorCode::TooManyAttempts => "too_many_attempts",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::WeakPassword => "weak_password",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::WorkbookDeclaresTooMuch => "workbook_declares_too_much",
            ErrorCode::UnsupportedMediaType => "unsupported_media_type",
            ErrorCode::InvalidImage => "invalid_image",
            ErrorCode::ImageTooLarge => "image_too_large",
            ErrorCode::ServiceUnavailable => "service_unavailable",
            ErrorCode::StorageFull => "storage_full",
            ErrorCode::CriteriaSetMissing => "criteria_set_missing",
            ErrorCode::UpgradeRequiresCertificate => "upgrade_requires_certificate",
            ErrorCode::ReevaluationRequiresExpiringCertificate => "reevaluation_requires_expiring_certificate",
            ErrorCode::DossierAlreadyOpen => "dossier_already_open",
            ErrorCode::RequiredDocumentMissing => "required_document_missing",
            ErrorCode::Internal => "internal",
            ErrorCode::NotSeatedOnCouncil => "not_seated_on_council",
            ErrorCode::EvidenceNotInVault => "evidence_not_in_vault",
            ErrorCode::ConsequenceNotDue => "consequence_not_due",
            ErrorCode::NoCertificateToAct => "no_certificate_to_act",
            ErrorCode::CaseMergeInvalid => "case_merge_invalid",
            ErrorCode::InspectionInFuture => "inspection_in_future",
        }
    }

    /// The message shown to a person, in Vietnamese or English.
    pub fn message(self, lang: Lang) -> &'static str {
        let (vi, en) = match self {
            ErrorCode::Required => ("Trường này là bắt buộc.", "This field is required."),
            ErrorCode::TooLong => ("Nội dung quá dài.", "This text is too long."),
            ErrorCode::ControlCharacter => (
                "Nội dung chứa ký tự điều khiển không hiển thị được (ví dụ ký tự NUL); hãy gõ lại.",
                "This text holds an invisible control character (such as NUL); please type it again.",
            ),
            ErrorCode::TooManyTerms => (
                "Từ khóa tìm kiếm có quá nhiều từ (tối đa 12 từ).",
                "The search has too many words (at most 12).",
            ),
            ErrorCode::InvalidChoice => (
                "Giá trị không nằm trong danh sách cho phép.",
                "This value is not one of the allowed choices.",
            ),
            ErrorCode::InvalidDate => (
                "Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy.",
                "Invalid date; use dd/mm/yyyy.",
            ),
            ErrorCode::DateOrder => (
                "Ngày kết thúc phải sau ngày bắt đầu.",
                "The end date must be after the start date.",
            ),
            ErrorCode::InvalidNumber => ("Số không hợp lệ.", "Invalid number."),
            ErrorCode::InvalidTaxCode => (
                "Mã số thuế không hợp lệ: cần 10 chữ số (hoặc 10 chữ số, gạch nối và 3 chữ số cho chi nhánh) với chữ số kiểm tra đúng.",
                "Invalid tax code: 10 digits (or 10-3 for a branch) with a correct check digit.",
            ),
            ErrorCode::InvalidRegistrationNumber => (
                "Số đăng ký kinh doanh không hợp lệ: chỉ gồm chữ và số, từ 6 đến 20 ký tự.",
                "Invalid business registration number: 6 to 20 letters and digits.",
            ),
            ErrorCode::InvalidGtin => (
                "Mã GTIN không hợp lệ: cần 8, 12, 13 hoặc 14 chữ số với chữ số kiểm tra đúng.",
                "Invalid GTIN: 8, 12, 13 or 14 digits with a correct check digit.",
            ),
            ErrorCode::InvalidPhone => (
                "Số điện thoại không hợp lệ (ví dụ 0912345678 hoặc +84912345678).",
                "Invalid phone number (e.g. 0912345678 or +84912345678).",
            ),
            ErrorCode::InvalidEmail => ("Địa chỉ thư điện tử không hợp lệ.", "Invalid e-mail address."),
            ErrorCode::UnknownAdminUnit => ("Không tìm thấy đơn vị hành chính này.", "Unknown administrative unit."),
            ErrorCode::WrongAdminLevel => (
                "Đơn vị hành chính không đúng cấp (cần cấp xã).",
                "The administrative unit is not of the expected level.",
            ),
            ErrorCode::UnknownProductSet => ("Không tìm thấy bộ sản phẩm này.", "Unknown product set."),
            ErrorCode::UnknownProducer => ("Không tìm thấy chủ thể này.", "Unknown producer."),
            ErrorCode::DuplicateRegistration => (
                "Mã số thuế / số đăng ký này đã thuộc về một chủ thể khác.",
                "Another producer already has this tax or registration number.",
            ),
            ErrorCode::DuplicateUsername => ("Tên đăng nhập đã được sử dụng.", "This login name is taken."),
            ErrorCode::UnknownOffice => ("Không có cơ quan, đơn vị này trong danh mục.", "Unknown office."),
            ErrorCode::InvalidDeadline => (
                "Không đọc được thời hạn. Viết như: 30/06/2027, trước ngày 30/6/2027, quý III/2027, tháng 6/2027, thường xuyên.",
                "The deadline cannot be read. Write it like: 30/06/2027, before 30/6/2027, quý III/2027, tháng 6/2027, thường xuyên.",
            ),
            ErrorCode::UnknownTargetKind => ("Không có loại chỉ tiêu này.", "Unknown target kind."),
            ErrorCode::TaskAlreadyDone => ("Nhiệm vụ đã được đánh dấu hoàn thành.", "The task is already done."),
            ErrorCode::PlanExists => (
                "Đơn vị này đã có kế hoạch cho năm đó.",
                "This unit already has a plan for that year.",
            ),
            ErrorCode::InvalidPeriod => (
                "Kỳ báo cáo phải có dạng 2026 (cả năm), 2026-H1 (6 tháng đầu năm) hoặc 2026-H2 (6 tháng cuối năm).",
                "A reporting period is 2026 (the year), 2026-H1 (first half) or 2026-H2 (second half).",
            ),
            ErrorCode::ProducerOutsideUnit => (
                "Chủ thể không thuộc địa bàn của đơn vị này.",
                "The producer does not lie in this unit.",
            ),
            ErrorCode::InvalidStars => (
                "Chỉ sản phẩm đạt từ 3 đến 5 sao được cấp giấy chứng nhận.",
                "Only 3-star to 5-star products are certified.",
            ),
            ErrorCode::WrongIssuer => (
                "Cấp ban hành không đúng thẩm quyền với hạng sao, căn cứ pháp lý và ngày quyết định.",
                "This level of government may not sign a certificate of these stars under this basis on this date.",
            ),
            ErrorCode::InvalidTransition => (
                "Thao tác này không thực hiện được ở trạng thái hiện tại: giấy chứng nhận đã bị thu hồi hoặc đã được thay thế, hoặc hồ sơ, phiếu ý tưởng, phương án đã chuyển sang bước khác. Tải lại trang để xem trạng thái mới nhất.",
                "This step is not possible in the current state: the certificate is revoked or superseded, or the dossier, idea or plan has moved to another step. Reload the page to see where it stands.",
            ),
            ErrorCode::NoQuorum => (
                "Chưa đủ số thành viên chấm điểm (ít nhất 75 % thành viên, có Chủ tịch hội đồng) nộp phiếu: chưa thể kết thúc chấm điểm.",
                "Fewer than 75 % of the scoring members (the chair among them) have submitted their sheets: scoring cannot be closed.",
            ),
            ErrorCode::MemberRecused => (
                "Thành viên đã khai báo xung đột lợi ích với hồ sơ này nên không được chấm điểm.",
                "The member declared a conflict of interest for this dossier and may not score it.",
            ),
            ErrorCode::SecretaryMayNotScore => (
                "Thư ký hội đồng ghi biên bản, không chấm điểm.",
                "The council secretary keeps the minutes and does not score.",
            ),
            ErrorCode::SheetsHidden => (
                "Chỉ xem được phiếu chấm của thành viên khác sau khi đã nộp phiếu của mình.",
                "Other members' sheets are visible only after you have submitted your own.",
            ),
            ErrorCode::SheetIncomplete => (
                "Phiếu chấm chưa đủ: mỗi tiêu chí phải chọn một mức điểm trước khi nộp.",
                "The sheet is incomplete: choose one option for every criterion before submitting.",
            ),
            ErrorCode::SheetSubmitted => (
                "Phiếu chấm đã nộp, không sửa được nữa.",
                "The sheet has been submitted and can no longer change.",
            ),
            ErrorCode::AttendanceNotRecorded => (
                "Chưa ghi nhận thành phần tham dự (có mặt, vắng mặt) của tất cả thành viên hội đồng: thư ký ghi điểm danh trước khi mở chấm điểm.",
                "Attendance is not recorded for every council member: the secretary records it before scoring opens.",
            ),
            ErrorCode::NoQuorumPresent => (
                "Không đủ số thành viên có mặt (ít nhất 75 % thành viên chấm điểm, có Chủ tịch hội đồng; vắng mặt có uỷ quyền không tính là có mặt).",
                "Not enough members present (at least 75 % of the scoring members, the chair among them; absent with proxy does not count as present).",
            ),
            ErrorCode::MemberAbsent => (
                "Thành viên vắng mặt tại phiên họp nên không chấm điểm.",
                "The member was absent from the meeting and does not score.",
            ),
            ErrorCode::MinutesFrozen => (
                "Quyết định công nhận đã ban hành: biên bản chỉ được đính chính, kèm lý do đính chính (bản cũ được lưu lại).",
                "The results decision is issued: the minutes can only be corrected, with the reason for the correction (the earlier version is kept).",
            ),
            ErrorCode::DecisionInFuture => (
                "Ngày ký quyết định không được sau ngày hôm nay.",
                "The decision cannot be dated after today.",
            ),
            ErrorCode::DecisionBeforeMeeting => (
                "Ngày ký quyết định không được trước ngày họp hội đồng.",
                "The decision cannot be dated before the council's meeting.",
            ),
            ErrorCode::WrongLegalBasis => (
                "Căn cứ pháp lý của quyết định phải là căn cứ của các hồ sơ trong đợt đánh giá.",
                "The decision's legal basis must be the legal basis of the batch's dossiers.",
            ),
            ErrorCode::NotSentInTime => (
                "Hồ sơ điện tử chưa được gửi tới thành viên hội đồng trước phiên họp ít nhất 01 ngày làm việc.",
                "The electronic dossiers were not sent to the members at least one working day before the meeting.",
            ),
            ErrorCode::DossierNotEligible => (
                "Chỉ xếp vào đợt đánh giá các hồ sơ đã được xác nhận đủ điều kiện ở cấp và địa bàn của hội đồng.",
                "Only dossiers found eligible at the council's level and in its province can be scheduled.",
            ),
            ErrorCode::DiscussionRequired => (
                "Mở vòng chấm mới phải ghi lại nội dung thảo luận của hội đồng.",
                "A new scoring round needs the council's discussion recorded.",
            ),
            ErrorCode::BatchState => (
                "Đợt đánh giá đang ở trạng thái không cho phép thao tác này.",
                "The evaluation batch is not in a state that allows this.",
            ),
            ErrorCode::NotAnUpgrade => (
                "Nâng hạng phải đạt số sao cao hơn giấy chứng nhận hiện tại.",
                "An upgrade must give more stars than the current certificate.",
            ),
            ErrorCode::NotIssuingAuthority => (
                "Chỉ cơ quan đã cấp giấy chứng nhận mới được tạm đình chỉ, thu hồi hay ghi nhận quyết định về giấy này: \
                 Bộ Nông nghiệp và Môi trường đối với 5 sao, UBND tỉnh đã cấp (hoặc tỉnh nay quản lý các xã của huyện đã cấp) đối với 3–4 sao. \
                 Hãy đề nghị cơ quan đó thực hiện.",
                "Only the body that issued this certificate may suspend, revoke or record a decision on it: the ministry \
                 for 5★, the issuing province (or today's province of the issuing district's communes) for 3–4★. Ask that body.",
            ),
            ErrorCode::DecisionNotPast => (
                "Chỉ ghi nhận quyết định đã ban hành trước hôm nay. Quyết định công nhận mới phải qua hồ sơ và hội đồng đánh giá \
                 trong hệ thống.",
                "Only a decision signed before today can be recorded. A new recognition goes through a dossier and a \
                 council in the system.",
            ),
            ErrorCode::DecisionScanRequired => (
                "Cần tải lên bản quét quyết định (PDF, JPEG hoặc PNG) trước khi ghi nhận quyết định đã ban hành.",
                "Upload the scanned decision (PDF, JPEG or PNG) before recording an existing decision.",
            ),
            ErrorCode::CertificateInForce => (
                "Sản phẩm đang có giấy chứng nhận còn hiệu lực. Công nhận lại hoặc nâng hạng phải qua hồ sơ và hội đồng đánh giá, \
                 không nhập số sao trực tiếp.",
                "The product holds a certificate in force. A renewal or an upgrade goes through a dossier and a council, \
                 not typed stars.",
            ),
            ErrorCode::CertifiedFactsFrozen => (
                "Sản phẩm đang có giấy chứng nhận OCOP còn hiệu lực: tên, bộ sản phẩm, chủ thể, nơi sản xuất và địa chỉ của chủ thể \
                 chỉ được thay đổi bằng đính chính của cán bộ xã hoặc tỉnh (ghi lý do và minh chứng). Hãy liên hệ cán bộ xã.",
                "The product holds an OCOP certificate in force: its name, product set, producer, place of production and the \
                 producer's address change only by a commune or province officer's amendment (with reason and evidence). \
                 Contact your commune officer.",
            ),
            ErrorCode::NothingToAmend => (
                "Đính chính không thay đổi tên, bộ sản phẩm, chủ thể hay nơi sản xuất nào.",
                "The amendment changes none of the name, product set, producer or place of production.",
            ),
            ErrorCode::ImportRejected => (
                "Tệp nhập có dòng lỗi; chưa lưu dòng nào. Hãy sửa các dòng được liệt kê rồi nhập lại.",
                "The import file has errors; nothing was saved. Fix the rows listed and import again.",
            ),
            ErrorCode::UnknownLegalBasis => ("Không tìm thấy căn cứ pháp lý này.", "Unknown legal basis."),
            ErrorCode::CriteriaSetIncomplete => (
                "Bộ tiêu chí thiếu tiêu đề hoặc bộ sản phẩm, hoặc là bộ mẫu chưa ghi rõ trong tiêu đề.",
                "The criteria set lacks a title or product set, or is a demo sheet not marked as such.",
            ),
            ErrorCode::CriteriaSumMismatch => (
                "Tổng điểm các mục con không bằng điểm tối đa (hoặc tổng các phần khác 100).",
                "The children do not add up to the maximum (or the parts not to 100).",
            ),
            ErrorCode::CriteriaPartMismatch => (
                "Phần này không khớp với căn cứ pháp lý (thiếu, thừa hoặc khác điểm tối đa).",
                "This part does not match the legal basis (missing, extra or another maximum).",
            ),
            ErrorCode::CriteriaOptionMismatch => (
                "Điểm tối đa của tiêu chí phải bằng mức điểm cao nhất, và tiêu chí phải có mức điểm.",
                "A criterion's maximum must equal its highest option, and it needs options.",
            ),
            ErrorCode::DuplicateCode => ("Mã bị trùng.", "This code appears twice."),
            ErrorCode::InvalidMandatory => (
                "Tiêu chí bắt buộc phải áp dụng từ 2 đến 5 sao và không vượt điểm tối đa.",
                "A mandatory flag must apply to 2 to 5 stars and not exceed the maximum.",
            ),
            ErrorCode::CriteriaSetPublished => (
                "Bộ tiêu chí đã công bố không thể sửa; hãy tạo phiên bản mới.",
                "A published criteria set cannot change; create a new version.",
            ),
            ErrorCode::DossierIncomplete => (
                "Hồ sơ chưa đủ tài liệu bắt buộc hoặc chưa tự đánh giá đủ các tiêu chí.",
                "The mandatory documents are not all attached or the self-assessment is not complete.",
            ),
            ErrorCode::DossierConditionNotMet => (
                "Chưa đủ điều kiện cho bước này (họp lấy ý kiến, đợt đánh giá, gửi hồ sơ cho thành viên đúng hạn).",
                "A condition of this step is not met (commune meeting, batch, dossier sent to members in time).",
            ),
            ErrorCode::CommuneReportIncomplete => (
                "Báo cáo của xã chưa đánh giá đủ bốn nội dung cấp xã.",
                "The commune report does not assess all four commune criteria.",
            ),
            ErrorCode::ReasonRequired => (
                "Trả hồ sơ phải nêu ít nhất một lý do.",
                "A return needs at least one reason.",
            ),
            ErrorCode::NoLegalBasis => (
                "Không có căn cứ pháp lý có hiệu lực vào ngày nộp.",
                "No legal basis is in force on the submission date.",
            ),
            ErrorCode::RescoringRequired => (
                "Tổng điểm của các thành viên chênh lệch quá mức: cần thảo luận và chấm lại.",
                "Members' totals are too far apart: discuss and re-score first.",
            ),
            ErrorCode::StarAboveBand => (
                "Số sao vượt quá hạng tương ứng với điểm.",
                "The star exceeds the band of the score.",
            ),
            ErrorCode::WrongRoute => (
                "Căn cứ pháp lý quy định hướng xử lý khác cho hồ sơ này (công nhận, chuyển cấp trên hoặc kết thúc).",
                "The legal basis routes this dossier differently (recognise, forward or close).",
            ),
            ErrorCode::DossierLocked => (
                "Hồ sơ đã nộp: chỉ sửa được khi bị trả lại để bổ sung.",
                "The dossier is submitted: it can change only when returned for supplement.",
            ),
            ErrorCode::CriteriaSetNotPublished => (
                "Chỉ được chọn bộ tiêu chí đã công bố.",
                "Only a published criteria set can be chosen.",
            ),
            ErrorCode::BadRequest => ("Yêu cầu không hợp lệ.", "Bad request."),
            ErrorCode::ValidationFailed => (
                "Một số trường chưa hợp lệ, vui lòng kiểm tra lại.",
                "Some fields are invalid; please check them.",
            ),
            ErrorCode::Unauthenticated => ("Bạn cần đăng nhập.", "Please log in."),
            ErrorCode::Forbidden => (
                "Bạn không có quyền thực hiện thao tác này.",
                "You are not allowed to do this.",
            ),
            ErrorCode::NotFound => ("Không tìm thấy.", "Not found."),
            ErrorCode::Conflict => (
                "Dữ liệu đã thay đổi hoặc thao tác không phù hợp với trạng thái hiện tại.",
                "The data changed meanwhile or the action does not fit its current state.",
            ),
            ErrorCode::CsrfFailed => (
                "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ, vui lòng tải lại trang.",
                "The form has expired; please reload the page.",
            ),
            ErrorCode::BadCredentials => (
                "Tên đăng nhập hoặc mật khẩu không đúng.",
                "Wrong login name or password.",
            ),
            ErrorCode::TooManyAttempts => (
                "Đăng nhập sai quá nhiều lần, vui lòng thử lại sau ít phút.",
                "Too many failed logins; try again in a few minutes.",
            ),
            ErrorCode::RateLimited => (
                "Có quá nhiều yêu cầu từ địa chỉ của bạn, vui lòng thử lại sau ít phút.",
                "Too many requests from your address; try again in a few minutes.",
            ),
            ErrorCode::WeakPassword => (
                "Mật khẩu quá dễ đoán. Hãy dùng ít nhất 10 ký tự, ghép ba bốn từ không liên quan \
                 (ví dụ: mây-xanh-bàn-gỗ-2026), không dùng tên, tên đăng nhập hay dãy như 1234567890.",
                "The password is too easy to guess. Use at least 10 characters, join three or four \
                 unrelated words, and avoid your name, login name and runs like 1234567890.",
            ),
            ErrorCode::PayloadTooLarge => ("Tệp hoặc dữ liệu gửi lên quá lớn.", "The upload is too large."),
            ErrorCode::WorkbookDeclaresTooMuch => (
                "Tệp Excel khai báo số chuỗi hoặc số ô vượt quá nội dung thực có hoặc giới hạn cho phép.",
                "The workbook declares more strings or cells than it holds or than an import may read.",
            ),
            ErrorCode::UnsupportedMediaType => ("Loại tệp không được chấp nhận.", "This file type is not accepted."),
            ErrorCode::InvalidImage => (
                "Ảnh bị hỏng hoặc không đọc được. Hãy lưu lại ảnh dưới dạng JPEG, PNG hoặc WebP rồi tải lên lại.",
                "The photo is damaged or cannot be read. Save it again as JPEG, PNG or WebP and upload it again.",
            ),
            ErrorCode::ImageTooLarge => (
                "Ảnh quá lớn (tối đa 12.000 điểm ảnh mỗi cạnh). Hãy thu nhỏ ảnh rồi tải lên lại.",
                "The photo is too large (at most 12,000 pixels per side). Resize it and upload it again.",
            ),
            ErrorCode::ServiceUnavailable => (
                "Hệ thống tạm thời không truy cập được cơ sở dữ liệu, vui lòng thử lại sau.",
                "The database is unavailable for a moment; please try again.",
            ),
            ErrorCode::StorageFull => (
                "Máy chủ đã hết dung lượng lưu trữ nên chưa lưu được thay đổi; vui lòng báo quản trị viên.",
                "The server's storage is full, so nothing was saved; please tell the administrator.",
            ),
            ErrorCode::CriteriaSetMissing => (
                "Chưa có bộ tiêu chí được công bố cho bộ sản phẩm của sản phẩm này theo căn cứ pháp lý đang áp dụng, \
                 nên chưa thể lập hoặc nộp hồ sơ. Cơ quan OCOP cấp tỉnh đã được thông báo; hãy nộp lại khi bộ tiêu chí được công bố.",
                "No criteria set is published for this product's product set under the legal basis in force, so the \
                 dossier cannot be created or submitted yet. The province's OCOP office is told; submit again once the sheet is published.",
            ),
            ErrorCode::UpgradeRequiresCertificate => (
                "Hồ sơ nâng hạng cần giấy chứng nhận OCOP còn hiệu lực của chính sản phẩm này với số sao thấp hơn hạng đề nghị. \
                 Sản phẩm chưa có giấy như vậy: hãy chọn đánh giá lần đầu, hoặc kiểm tra lại số sao hiện có.",
                "An upgrade needs an OCOP certificate in force for this very product with fewer stars than sought. \
                 The product holds none: choose a first evaluation, or check the current stars.",
            ),
            ErrorCode::ReevaluationRequiresExpiringCertificate => (
                "Hồ sơ công nhận lại chỉ lập khi giấy chứng nhận OCOP của sản phẩm sắp hết hạn hoặc đã hết hạn. \
                 Sản phẩm không có giấy nào như vậy: hãy chọn đánh giá lần đầu hoặc nâng hạng.",
                "A re-evaluation is only possible when the product's OCOP certificate is expiring or has expired. \
                 The product holds none: choose a first evaluation or an upgrade.",
            ),
            ErrorCode::DossierAlreadyOpen => (
                "Sản phẩm này đang có một hồ sơ đánh giá chưa kết thúc. Mỗi sản phẩm chỉ có một hồ sơ tại một thời điểm: \
                 hãy tiếp tục hồ sơ đó.",
                "This product already has an evaluation dossier under way. A product has one dossier at a time: \
                 continue that one.",
            ),
            ErrorCode::RequiredDocumentMissing => (
                "Hồ sơ còn thiếu tài liệu bắt buộc theo căn cứ pháp lý của hồ sơ (xem danh mục tài liệu). \
                 Chưa thể xác nhận đủ điều kiện: hãy trả hồ sơ để chủ thể bổ sung.",
                "The dossier lacks a document its legal basis requires (see the checklist). It cannot be found \
                 eligible: return it for the producer to supplement.",
            ),
            ErrorCode::Internal => (
                "Đã xảy ra lỗi không mong muốn. Vui lòng thử lại hoặc liên hệ quản trị viên.",
                "An unexpected error occurred. Please try again or contact the administrator.",
            ),
            ErrorCode::NotSeatedOnCouncil => (
                "Chỉ thành viên hội đồng của đợt đánh giá này mới được đọc hồ sơ; nếu bạn là thành viên, hãy đề nghị cán bộ tỉnh bổ sung bạn vào hội đồng.",
                "Only members of this batch's council read its dossiers; if you are one, ask the province office to add you to the council.",
            ),
            ErrorCode::EvidenceNotInVault => (
                "Tài liệu minh chứng không có trong kho minh chứng của chủ thể; hãy tải tài liệu lên kho trước rồi chọn lại.",
                "An evidence document is not in the producer's vault; upload it there first, then choose it again.",
            ),
            ErrorCode::ConsequenceNotDue => (
                "Chưa thể đề xuất xử lý: tồn tại chưa quá hạn khắc phục và không ở mức đặc biệt nghiêm trọng.",
                "No consequence is due yet: the finding is not past its deadline and not severe.",
            ),
            ErrorCode::NoCertificateToAct => (
                "Cuộc kiểm tra không gắn với giấy chứng nhận nào nên không thể đề xuất tạm đình chỉ hay thu hồi.",
                "The inspection concerns no certificate, so nothing can be suspended or revoked.",
            ),
            ErrorCode::CaseMergeInvalid => (
                "Chỉ gộp được vào một vụ việc khác đang mở của cùng tỉnh; hãy chọn lại vụ việc.",
                "A case can only be merged into another open case of the same province; choose another case.",
            ),
            ErrorCode::InspectionInFuture => (
                "Ngày kiểm tra không được sau ngày hôm nay; hãy nhập ngày đã kiểm tra thực tế.",
                "The inspection day cannot be after today; enter the day it took place.",
            ),
        };
        lang.pick(vi, en)
    }
}

/// A failure attached to one input field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The field name as in the API (snake_case).
    pub field: String,
    /// What is wrong with it.
    pub code: ErrorCode,
}

/// All field failures of one request, collected rather than stopping at the first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidationErrors {
    /// The failures, in field order.
    pub fields: Vec<FieldError>,
}

impl ValidationErrors {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a failure on `field`.
    pub fn add(&mut self, field: &str, code: ErrorCode) {
        self.fields.push(FieldError {
            field: field.to_owned(),
            code,
        });
    }

    /// Records the error of a parse result and returns its value, if any.
    pub fn check<T>(&mut self, field: &str, result: Result<T, ErrorCode>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(code) => {
                self.add(field, code);
                None
            }
        }
    }

    /// True when nothing failed.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// `Ok(())` when nothing failed, the collection otherwise.
    pub fn into_result(self) -> Result<(), ValidationErrors> {
        if self.is_empty() { Ok(()) } else { Err(self) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_str_matches_the_serde_name() {
        for code in [
            ErrorCode::Required,
            ErrorCode::ControlCharacter,
            ErrorCode::TooManyTerms,
            ErrorCode::WorkbookDeclaresTooMuch,
            ErrorCode::InvalidTaxCode,
            ErrorCode::CsrfFailed,
            ErrorCode::InvalidStars,
            ErrorCode::WrongIssuer,
            ErrorCode::UnknownOffice,
            ErrorCode::PlanExists,
            ErrorCode::InvalidPeriod,
            ErrorCode::ProducerOutsideUnit,
            ErrorCode::InvalidTransition,
            ErrorCode::NotAnUpgrade,
            ErrorCode::NotIssuingAuthority,
            ErrorCode::DecisionNotPast,
            ErrorCode::DecisionScanRequired,
            ErrorCode::CertificateInForce,
            ErrorCode::CertifiedFactsFrozen,
            ErrorCode::NothingToAmend,
            ErrorCode::ImportRejected,
            ErrorCode::CriteriaSumMismatch,
            ErrorCode::CriteriaSetPublished,
            ErrorCode::NoQuorum,
            ErrorCode::SecretaryMayNotScore,
            ErrorCode::DossierIncomplete,
            ErrorCode::DossierConditionNotMet,
            ErrorCode::CommuneReportIncomplete,
            ErrorCode::ReasonRequired,
            ErrorCode::NoLegalBasis,
            ErrorCode::RescoringRequired,
            ErrorCode::StarAboveBand,
            ErrorCode::WrongRoute,
            ErrorCode::DossierLocked,
            ErrorCode::CriteriaSetNotPublished,
            ErrorCode::AttendanceNotRecorded,
            ErrorCode::NoQuorumPresent,
            ErrorCode::MemberAbsent,
            ErrorCode::MinutesFrozen,
            ErrorCode::DecisionInFuture,
            ErrorCode::DecisionBeforeMeeting,
            ErrorCode::WrongLegalBasis,
            ErrorCode::RateLimited,
            ErrorCode::StorageFull,
            ErrorCode::InvalidImage,
            ErrorCode::ImageTooLarge,
            ErrorCode::CriteriaSetMissing,
            ErrorCode::UpgradeRequiresCertificate,
            ErrorCode::ReevaluationRequiresExpiringCertificate,
            ErrorCode::DossierAlreadyOpen,
            ErrorCode::RequiredDocumentMissing,
            ErrorCode::Internal,
            ErrorCode::NotSeatedOnCouncil,
            ErrorCode::EvidenceNotInVault,
            ErrorCode::ConsequenceNotDue,
            ErrorCode::NoCertificateToAct,
            ErrorCode::CaseMergeInvalid,
            ErrorCode::InspectionInFuture,
        ] {
            assert_eq!(
                serde_json::to_value(code).unwrap(),
                serde_json::Value::String(code.as_str().into())
            );
        }
    }
}
