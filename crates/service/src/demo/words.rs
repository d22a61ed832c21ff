//! Word lists the synthetic producers and products are drawn from: people's
//! names, made-up brands, and product names per QĐ 148 product set (bộ sản
//! phẩm) that sound like real OCOP products.

/// Common Vietnamese family names, roughly by frequency.
pub(crate) const FAMILY_NAMES: &[(&str, u32)] = &[
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 5),
    ("Huỳnh", 4),
    ("Phan", 4),
    ("Vũ", 4),
    ("Võ", 3),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Hồ", 2),
    ("Ngô", 2),
    ("Dương", 1),
    ("Lý", 1),
];

/// Middle names for men.
pub(crate) const MIDDLE_MALE: &[&str] = &["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Xuân", "Công", "Đình"];
/// Middle names for women.
pub(crate) const MIDDLE_FEMALE: &[&str] = &["Thị", "Thu", "Ngọc", "Thanh", "Kim", "Hồng", "Minh", "Thùy"];
/// Given names for men.
pub(crate) const GIVEN_MALE: &[&str] = &[
    "An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Nam", "Phúc", "Quang", "Sơn", "Tâm", "Thắng",
    "Tuấn", "Việt", "Hiếu", "Lộc", "Thành", "Trung",
];
/// Given names for women.
pub(crate) const GIVEN_FEMALE: &[&str] = &[
    "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga", "Thảo", "Trang", "Vân", "Yến", "Hằng", "Loan", "Nhung",
    "Phương", "Quyên", "Thủy",
];

/// First syllables of made-up brands.
pub(crate) const BRAND_HEAD: &[&str] = &[
    "Hương", "Sao", "Việt", "Phú", "An", "Kim", "Hồng", "Thiên", "Bảo", "Minh", "Tân", "Đại", "Gia", "Hoàng", "Nam",
    "Lộc", "Đông", "Mộc",
];
/// Second syllables of made-up brands.
pub(crate) const BRAND_TAIL: &[&str] = &[
    "Quê", "Mộc", "Phát", "Lộc", "Thịnh", "Nguyên", "Xanh", "Long", "Sơn", "Hà", "Điền", "Phong", "Lâm", "Hưng", "Tín",
    "Khang",
];
/// What an enterprise says it does.
pub(crate) const ENTERPRISE_TRADE: &[&str] = &[
    "Thực phẩm",
    "Nông sản",
    "Đặc sản",
    "Nông nghiệp công nghệ cao",
    "Chế biến nông sản",
    "Thương mại và Dịch vụ",
];
/// What a cooperative calls itself before its commune name.
pub(crate) const COOPERATIVE_TRADE: &[&str] = &[
    "Nông nghiệp",
    "Dịch vụ nông nghiệp",
    "Nông nghiệp và Dịch vụ tổng hợp",
    "Sản xuất và Kinh doanh",
    "Nông nghiệp sạch",
];

/// Certification issuers.
pub(crate) const ISSUERS: &[&str] = &[
    "Trung tâm Chứng nhận Phù hợp (QUACERT)",
    "Công ty CP Chứng nhận và Giám định VinaCert",
    "Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng 3",
    "Sở Nông nghiệp và Môi trường",
];

/// One QĐ 148 product set: its code, how common it is, a word for its
/// producers ("Mật ong"), product name bases and a sentence of description.
pub(crate) struct SetWords {
    /// Product set code.
    pub code: &'static str,
    /// Relative frequency among OCOP products.
    pub weight: u32,
    /// Trade word for cooperative and household names.
    pub trade: &'static str,
    /// Product name bases; the place name is appended.
    pub names: &'static [&'static str],
    /// What the product is made from.
    pub material: &'static str,
}

/// Every QĐ 148 product set with its words.
pub(crate) const SETS: &[SetWords] = &[
    SetWords {
        code: "I.1.a",
        weight: 10,
        trade: "Cây ăn quả",
        material: "vườn cây của các hộ thành viên",
        names: &[
            "Bưởi da xanh",
            "Cam sành",
            "Vải thiều",
            "Nhãn lồng",
            "Thanh long ruột đỏ",
            "Dưa lưới",
            "Bơ sáp",
            "Chuối tiêu hồng",
            "Sầu riêng Ri6",
            "Rau cải mầm",
        ],
    },
    SetWords {
        code: "I.1.b",
        weight: 6,
        trade: "Chăn nuôi",
        material: "trang trại chăn nuôi theo hướng an toàn sinh học",
        names: &[
            "Gà đồi",
            "Trứng gà ác",
            "Tôm càng xanh",
            "Cá lóc đồng",
            "Thịt lợn đen",
            "Bò vàng",
            "Sữa bò tươi",
            "Vịt cỏ",
        ],
    },
    SetWords {
        code: "I.2.a",
        weight: 8,
        trade: "Lúa gạo",
        material: "cánh đồng lúa liên kết của xã",
        names: &[
            "Gạo ST25",
            "Gạo tám thơm",
            "Gạo nếp cái hoa vàng",
            "Gạo lứt đỏ",
            "Gạo séng cù",
            "Hạt điều rang muối",
            "Lạc nhân",
            "Đậu xanh",
        ],
    },
    SetWords {
        code: "I.2.b",
        weight: 6,
        trade: "Nuôi ong",
        material: "đàn ong nuôi dưới tán rừng và vườn cây",
        names: &[
            "Mật ong hoa cà phê",
            "Mật ong rừng",
            "Mật ong hoa nhãn",
            "Mật ong bạc hà",
            "Mật ong hoa vải",
            "Mật ong keo tràm",
        ],
    },
    SetWords {
        code: "I.3.a",
        weight: 2,
        trade: "Thực phẩm",
        material: "nguyên liệu tươi thu mua trong ngày",
        names: &["Bánh mì chả cá", "Nem rán", "Chả giò hải sản", "Bánh bao nhân thịt"],
    },
    SetWords {
        code: "I.3.b",
        weight: 7,
        trade: "Làng nghề bún bánh",
        material: "gạo và củ dong của nông dân địa phương",
        names: &[
            "Miến dong",
            "Bánh đa nem",
            "Bún khô",
            "Phở khô",
            "Bánh tráng phơi sương",
            "Bánh chưng",
            "Bánh gai",
            "Cốm dẹp",
        ],
    },
    SetWords {
        code: "I.3.c",
        weight: 8,
        trade: "Chế biến nông sản",
        material: "rau, củ, quả trồng tại địa phương",
        names: &[
            "Mứt gừng",
            "Chuối sấy dẻo",
            "Măng khô",
            "Tinh bột nghệ",
            "Mít sấy",
            "Ô mai mơ",
            "Dưa cải muối",
            "Hành tím sấy",
        ],
    },
    SetWords {
        code: "I.3.d",
        weight: 7,
        trade: "Chế biến thủy sản",
        material: "thủy sản và thịt từ cơ sở nuôi trong vùng",
        names: &[
            "Chả cá thu",
            "Ruốc tôm",
            "Mực một nắng",
            "Lạp xưởng",
            "Thịt trâu gác bếp",
            "Nem chua",
            "Cá khô",
            "Tôm khô",
        ],
    },
    SetWords {
        code: "I.4.a",
        weight: 5,
        trade: "Nước mắm",
        material: "cá cơm và muối biển ủ chượp trong thùng gỗ",
        names: &[
            "Nước mắm cá cơm",
            "Nước mắm truyền thống",
            "Tương bần",
            "Tương ớt",
            "Mắm tôm",
            "Mắm ruốc",
        ],
    },
    SetWords {
        code: "I.4.b",
        weight: 4,
        trade: "Gia vị",
        material: "gia vị trồng trên đất đồi của xã",
        names: &[
            "Muối tôm",
            "Tỏi cô đơn",
            "Hạt tiêu đen",
            "Ớt bột",
            "Muối ớt xanh",
            "Sả sấy",
        ],
    },
    SetWords {
        code: "I.5.a",
        weight: 6,
        trade: "Chè",
        material: "búp chè hái tay một tôm hai lá",
        names: &[
            "Chè Shan tuyết",
            "Chè búp",
            "Trà xanh",
            "Chè móc câu",
            "Hồng trà",
            "Trà ô long",
        ],
    },
    SetWords {
        code: "I.5.b",
        weight: 4,
        trade: "Trà thảo mộc",
        material: "cây thuốc và hoa trồng theo hướng hữu cơ",
        names: &[
            "Trà hoa vàng",
            "Trà atiso",
            "Trà cà gai leo",
            "Trà túi lọc lá sen",
            "Trà hoa cúc",
            "Trà giảo cổ lam",
        ],
    },
    SetWords {
        code: "I.6",
        weight: 4,
        trade: "Cà phê",
        material: "cà phê chín đỏ hái chọn lọc",
        names: &[
            "Cà phê Robusta rang xay",
            "Cà phê Arabica",
            "Cà phê bột nguyên chất",
            "Ca cao nguyên chất",
            "Sô cô la ca cao",
        ],
    },
    SetWords {
        code: "II.1.a",
        weight: 4,
        trade: "Rượu",
        material: "gạo nếp, ngô địa phương và men lá truyền thống",
        names: &["Rượu nếp cái", "Rượu ngô men lá", "Rượu gạo", "Rượu làng nghề"],
    },
    SetWords {
        code: "II.1.b",
        weight: 3,
        trade: "Rượu",
        material: "quả rừng và cây thuốc của địa phương",
        names: &["Rượu sim", "Rượu mơ", "Rượu chuối hột", "Rượu ba kích", "Rượu vang nho"],
    },
    SetWords {
        code: "II.2.a",
        weight: 1,
        trade: "Nước uống",
        material: "nguồn nước ngầm được kiểm nghiệm định kỳ",
        names: &["Nước khoáng thiên nhiên", "Nước uống đóng chai"],
    },
    SetWords {
        code: "II.2.b",
        weight: 3,
        trade: "Đồ uống",
        material: "trái cây tươi của vùng nguyên liệu",
        names: &[
            "Nước ép chanh leo",
            "Nước cốt gừng",
            "Siro dâu tằm",
            "Nước uống hạt sen",
        ],
    },
    SetWords {
        code: "III.1",
        weight: 3,
        trade: "Dược liệu",
        material: "dược liệu trồng theo GACP-WHO",
        names: &[
            "Cao cà gai leo",
            "Đông trùng hạ thảo sấy khô",
            "Viên tinh nghệ mật ong",
            "Cao atiso",
            "Cao xương khớp",
        ],
    },
    SetWords {
        code: "III.2",
        weight: 1,
        trade: "Dược liệu",
        material: "thảo dược thiên nhiên",
        names: &[
            "Dầu gội bồ kết",
            "Xà phòng sả chanh",
            "Tinh chất nghệ dưỡng da",
            "Son dưỡng sáp ong",
        ],
    },
    SetWords {
        code: "III.3",
        weight: 3,
        trade: "Tinh dầu",
        material: "lá và vỏ cây chưng cất hơi nước",
        names: &[
            "Tinh dầu tràm",
            "Tinh dầu sả chanh",
            "Tinh dầu quế",
            "Tinh dầu bưởi",
            "Quế thanh",
            "Hoa hồi khô",
        ],
    },
    SetWords {
        code: "IV.1",
        weight: 4,
        trade: "Thủ công mỹ nghệ",
        material: "mây, tre, cói và đất sét của làng nghề",
        names: &[
            "Giỏ mây tre đan",
            "Bình gốm",
            "Chiếu cói",
            "Nón lá",
            "Đèn lồng tre",
            "Khay sơn mài",
        ],
    },
    SetWords {
        code: "IV.2",
        weight: 2,
        trade: "Dệt may",
        material: "sợi lanh, tơ tằm và thuốc nhuộm tự nhiên",
        names: &["Vải thổ cẩm", "Khăn lụa tơ tằm", "Túi thổ cẩm", "Áo dài lụa"],
    },
    SetWords {
        code: "V.1",
        weight: 2,
        trade: "Hoa",
        material: "vườn ươm của các hộ thành viên",
        names: &["Hoa lan hồ điệp", "Hoa đào", "Hoa cúc mâm xôi", "Hoa hồng"],
    },
    SetWords {
        code: "V.2",
        weight: 1,
        trade: "Cây cảnh",
        material: "vườn ươm của các hộ thành viên",
        names: &["Cây bonsai", "Quất cảnh", "Mai vàng"],
    },
    SetWords {
        code: "V.3",
        weight: 1,
        trade: "Cá cảnh",
        material: "ao nuôi của các hộ thành viên",
        names: &["Cá Koi", "Cá chép cảnh"],
    },
    SetWords {
        code: "VI.1",
        weight: 2,
        trade: "Du lịch cộng đồng",
        material: "cảnh quan và văn hóa bản địa",
        names: &[
            "Du lịch cộng đồng",
            "Homestay",
            "Du lịch sinh thái vườn",
            "Điểm du lịch làng nghề",
        ],
    },
];

/// Variants that tell apart two products of the same base at one producer.
pub(crate) const VARIANTS: &[&str] = &["đặc biệt", "hảo hạng", "cao cấp", "truyền thống", "hộp quà"];

/// The closest QĐ 148 product set for a published product name and group.
pub(crate) fn set_for(name: &str, group: &str) -> &'static str {
    let n = ocop_domain::text::fold(name);
    let g = ocop_domain::text::fold(group);
    let has = |words: &[&str]| words.iter().any(|w| n.contains(w));
    if has(&["thuc pham bao ve suc khoe", "cao ", "saphraton", "nano"]) || g.contains("duoc lieu") {
        "III.1"
    } else if has(&["nuoc mam", "tuong ", "mam "]) {
        "I.4.a"
    } else if has(&["ruou"]) {
        "II.1.b"
    } else if has(&["du lich", "ecohost", "homestay"]) || g.contains("du lich") {
        "VI.1"
    } else if has(&["gom", "lamp", "may tre"]) || g.contains("thu cong") {
        "IV.1"
    } else if has(&["ca phe"]) {
        "I.6"
    } else if has(&["hoa vang", "actiso", "atiso", "hich"]) {
        "I.5.b"
    } else if n.split(' ').any(|w| w == "che" || w == "tra") {
        "I.5.a"
    } else if has(&["mat ong", "mat hoa"]) {
        "I.2.b"
    } else if has(&["my gao", "mien", "banh", "bun"]) {
        "I.3.b"
    } else if has(&["mang tuoi"]) {
        "I.1.a"
    } else {
        "I.3.c"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_products_get_a_sensible_set() {
        assert_eq!(set_for("Mật hoa dừa", "Thực phẩm"), "I.2.b");
        assert_eq!(set_for("Nước mắm Thanh Quốc 43 độ đạm", "Thực phẩm"), "I.4.a");
        assert_eq!(set_for("Chè Đinh Tân Cương", "Thực phẩm"), "I.5.a");
        assert_eq!(set_for("Trà hoa vàng Ba Chẽ", "Thực phẩm"), "I.5.b");
        assert_eq!(set_for("Cao Cà Gai Leo", "Dược liệu"), "III.1");
        assert_eq!(set_for("Mỳ gạo sạch sinh ra từ làng Hùng Lô", "Thực phẩm"), "I.3.b");
        assert_eq!(set_for("Bộ bát đĩa gốm sứ hoa sen đỏ", "Thủ công mỹ nghệ"), "IV.1");
        assert_eq!(set_for("Cà phê Khe Sanh", "Thực phẩm"), "I.6");
        assert_eq!(set_for("Dừa sáp sợi (VICOSAP)", "Thực phẩm"), "I.3.c");
        assert_eq!(set_for("Ecohost Hải Hậu", "Dịch vụ du lịch cộng đồng"), "VI.1");
    }

    #[test]
    fn weights_cover_every_qd148_set_once() {
        assert_eq!(SETS.len(), 26);
        let mut codes: Vec<_> = SETS.iter().map(|s| s.code).collect();
        codes.dedup();
        assert_eq!(codes.len(), 26);
    }
}
