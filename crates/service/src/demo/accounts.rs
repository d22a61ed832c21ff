//! The demo accounts: one per role, all with [`DEMO_PASSWORD`](super::DEMO_PASSWORD).

use ocop_storage::Database;
use ocop_storage::repo::user_repo;
use serde::Serialize;

use super::published::PHU_SANG_KEY;
use super::rng::demo_uuid;
use super::{DEMO_PASSWORD, Progress};
use crate::accounts::{NewUser, create_user};
use crate::error::ServiceResult;

/// A demo account as shown in the README and on the home page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DemoAccount {
    /// Login name.
    pub username: &'static str,
    /// Role code (`administrator`, `province_officer`, …).
    pub role: &'static str,
    /// What it may do, in Vietnamese.
    pub scope: &'static str,
    /// Name shown in the interface.
    pub display_name: &'static str,
    /// Scope unit for commune and province roles.
    pub scope_unit_id: Option<&'static str>,
}

/// The demo accounts, one per role.
pub fn demo_accounts() -> Vec<DemoAccount> {
    let account = |username, role, scope, display_name, scope_unit_id| DemoAccount {
        username,
        role,
        scope,
        display_name,
        scope_unit_id,
    };
    vec![
        account(
            "admin",
            "administrator",
            "Quản trị hệ thống: tài khoản, danh mục, nhật ký",
            "Quản trị viên",
            None,
        ),
        account(
            "trunguong",
            "central_officer",
            "Cán bộ trung ương: xem và tổng hợp toàn quốc; hồ sơ đề nghị 5 sao, hội đồng cấp quốc gia",
            "Cán bộ Bộ NN&MT",
            None,
        ),
        account(
            "tinh.hatinh",
            "province_officer",
            "Cán bộ tỉnh Hà Tĩnh: quản lý chủ thể và sản phẩm trong tỉnh",
            "Cán bộ VPĐP NTM Hà Tĩnh",
            Some("2025/province/42"),
        ),
        account(
            "xa.camxuyen",
            "commune_officer",
            "Cán bộ xã Cẩm Xuyên: quản lý chủ thể và sản phẩm trong xã",
            "Cán bộ xã Cẩm Xuyên",
            Some("2025/commune/18673"),
        ),
        account(
            "xa.thiencam",
            "commune_officer",
            "Cán bộ xã Thiên Cầm: quản lý chủ thể và sản phẩm trong xã (Hợp tác xã Phú Sang)",
            "Cán bộ xã Thiên Cầm",
            Some("2025/commune/18676"),
        ),
        account(
            "hoidong.hatinh",
            "council_member",
            "Thành viên hội đồng cấp tỉnh Hà Tĩnh: chấm điểm hồ sơ",
            "Thành viên hội đồng Hà Tĩnh",
            Some("2025/province/42"),
        ),
        account(
            "chutich.hatinh",
            "council_member",
            "Chủ tịch hội đồng cấp tỉnh Hà Tĩnh: chấm điểm, mở và kết thúc phiên chấm",
            "Chủ tịch hội đồng Hà Tĩnh",
            Some("2025/province/42"),
        ),
        account(
            "hoidong2.hatinh",
            "council_member",
            "Thành viên hội đồng cấp tỉnh Hà Tĩnh: chấm điểm hồ sơ",
            "Thành viên hội đồng Hà Tĩnh (2)",
            Some("2025/province/42"),
        ),
        account(
            "hoidong3.hatinh",
            "council_member",
            "Thành viên hội đồng cấp tỉnh Hà Tĩnh: chấm điểm hồ sơ",
            "Thành viên hội đồng Hà Tĩnh (3)",
            Some("2025/province/42"),
        ),
        account(
            "thuky.hatinh",
            "council_secretary",
            "Thư ký hội đồng cấp tỉnh Hà Tĩnh: lập biên bản, không chấm điểm",
            "Thư ký hội đồng Hà Tĩnh",
            Some("2025/province/42"),
        ),
        account(
            "chutich.trunguong",
            "council_member",
            "Chủ tịch hội đồng cấp quốc gia: chấm điểm sản phẩm đề nghị 5 sao, mở và kết thúc phiên chấm",
            "Chủ tịch hội đồng cấp quốc gia",
            None,
        ),
        account(
            "hoidong.trunguong",
            "council_member",
            "Thành viên hội đồng cấp quốc gia: chấm điểm sản phẩm đề nghị 5 sao",
            "Thành viên hội đồng cấp quốc gia",
            None,
        ),
        account(
            "thuky.trunguong",
            "council_secretary",
            "Thư ký hội đồng cấp quốc gia: lập biên bản, không chấm điểm",
            "Thư ký hội đồng cấp quốc gia",
            None,
        ),
        account(
            "chuthe.phusang",
            "producer",
            "Chủ thể Hợp tác xã Phú Sang (Thiên Cầm): chỉ hồ sơ của mình",
            "Hợp tác xã Phú Sang",
            None,
        ),
    ]
}

/// Creates the demo accounts that do not exist yet; returns how many were created.
pub(crate) async fn create(db: &Database, progress: &(dyn Fn(Progress<'_>) + Sync)) -> ServiceResult<u64> {
    let accounts = demo_accounts();
    let total = accounts.len() as u64;
    let mut created = 0;
    for (i, account) in accounts.into_iter().enumerate() {
        if user_repo::by_username(db.conn(), account.username).await?.is_none() {
            let producer_id = (account.role == "producer").then(|| demo_uuid(PHU_SANG_KEY));
            create_user(
                db,
                None,
                &NewUser {
                    username: account.username.to_owned(),
                    display_name: account.display_name.to_owned(),
                    password: DEMO_PASSWORD.to_owned(),
                    role: account.role.to_owned(),
                    scope_unit_id: account.scope_unit_id.map(str::to_owned),
                    producer_id,
                },
            )
            .await?;
            created += 1;
        }
        progress(Progress {
            stage: "accounts",
            done: i as u64 + 1,
            total,
        });
    }
    Ok(created)
}
