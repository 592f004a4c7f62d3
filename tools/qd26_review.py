"""What tools/qd26_sheets.py adds to the printed text of Decision 26/2026/QĐ-TTg by hand: the reviewed efforts,
notes and knock-outs, the rules that give each criterion its effort class and its evidence, and the English names
of the parts and sections."""

import re
import unicodedata


def nfc(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def low(text: str) -> str:
    return nfc(text).lower()


# -- hand review -------------------------------------------------------------------------------
# (sheet number, criterion code) → what the parser cannot tell from the text alone.
REVIEW_EFFORT = {
    # Legal form: setting up a cooperative or a company is registration work of weeks, not a
    # certification; the keyword "đăng ký kinh doanh" would make it a paper change.
    ("*", "3.1"): {"b": 2, "c": 2},
    # A woman, ethnic-minority or disabled legal representative is a fact about the producer;
    # changing the legal representative is a paper change.
    ("*", "3.2"): {"b": 1},
    # Local labour share: hiring and registering staff takes weeks.
    ("*", "3.3"): {"b": 2, "c": 2},
    # Listing on booking sites at home and abroad is weeks of work ("quốc tế" names the sites).
    (26, "4.4"): {"c": 2},
}

# Text notes from reading the sheets (not found by the sums): shown with the sheet.
REVIEW_SHEET_NOTES = {
    7: ["Dòng nhóm in «Nhóm: Nông sản chế biến»; Phụ lục I xếp bộ sản phẩm này vào nhóm Thực phẩm chế biến."],
    8: ["Dòng nhóm in «Nhóm: Nông sản chế biến»; Phụ lục I xếp bộ sản phẩm này vào nhóm Thực phẩm chế biến."],
    19: ["Dòng điều kiện loại in «Bị loại khi» (các phiếu khác in «Hồ sơ bị loại khi»)."],
    26: ["Phiếu không in dòng «Hồ sơ bị loại khi» và không in chú thích về dấu sao; các dấu sao ở tiêu chí 3.4 "
         "và 3.5 được hiểu như ở các phiếu khác."],
}
REVIEW_KNOCKOUTS = {
    (17, "K3"): "Văn bản in «hoặc giấy phép sản xuất theo quy định», thiếu chữ «không có» (phiếu 15 in «không có giấy "
                "phép sản xuất theo quy định»); hiểu là không có giấy phép sản xuất.",
    (18, "K3"): "Văn bản in nguyên câu «Hồ sơ đăng ký bản đăng ký công bố chất lượng sản phẩm, ghi nhãn sản phẩm, quảng "
                "cáo sản phẩm» (câu không đủ ý); hiểu là hồ sơ công bố, ghi nhãn, quảng cáo không đúng quy định.",
}


# -- effort and evidence rules -----------------------------------------------------------------
EFFORT_RULE: list[tuple[int, tuple[str, ...]]] = [
    (3, ("haccp", "iso", "gmp", "vietgap", "globalgap", "hữu cơ", "organic", "brc", "halal", "fda",
         "chứng nhận quản lý chất lượng", "tiêu chuẩn quốc tế", "chỉ dẫn địa lý", "chỉ dẫn nguồn gốc địa lý",
         "nhãn hiệu", "bằng độc quyền", "bằng sáng chế", "sáng chế", "quyền tác giả", "xuất khẩu",
         "quốc tế", "đông nam á", "siêu thị", "thương mại hiện đại", "thương mại điện tử", "12 tháng",
         "02 năm", "2 năm", "nông thôn mới", "công nhận điểm du lịch", "tiêu chuẩn phục vụ khách du lịch",
         "nghiên cứu", "dây chuyền sản xuất tiên tiến", "công nghệ tiên tiến", "công nghệ cao")),
    (2, ("máy", "thiết bị", "công nghệ", "bao bì", "đóng gói", "kiểm nghiệm", "kiểm tra", "đủ điều kiện",
         "công bố", "tiêu chuẩn quốc gia", "bộ phận", "phòng", "đào tạo", "hạ tầng", "công trình",
         "truy xuất nguồn gốc điện tử", "hợp đồng", "đại lý", "đại diện", "hội chợ", "xúc tiến", "liên kết",
         "phim", "video", "poster", "trưng bày", "tập huấn", "mô hình", "quy mô", "năng lực", "vùng",
         "nguyên liệu", "tỷ lệ", "lao động", "giải thưởng", "cải tiến")),
    (1, ("nhãn", "hướng dẫn sử dụng", "câu chuyện", "tờ rơi", "website", "mạng xã hội", "kế hoạch",
         "cơ chế", "quy định quản lý", "người chịu trách nhiệm", "song ngữ", "cẩm nang", "hồ sơ, thủ tục",
         "đăng ký kinh doanh", "ngắn gọn", "văn phong", "giải pháp", "quảng bá")),
]
DEFAULT_EFFORT = 2


def effort_for(text: str) -> tuple[int, str]:
    """(class, the keyword that decided it, "" for the default)."""
    lowered = low(text)
    for klass, words in EFFORT_RULE:
        for word in words:
            if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", lowered):
                return klass, word
    return DEFAULT_EFFORT, ""


# Form 02 (Annex III) lists the evidence expected per subject; a criterion takes the rows whose
# subject matches its name (first rule that matches, most specific first). Where the form has no
# row, the evidence is derived from Art. 6-7 (product samples, the advisory group's site visit)
# or Form 03 (the commune's report on local materials, labour, idea origin and identity);
# such texts start with "@".
SAMPLES = "@Sản phẩm mẫu (05 mẫu gửi kèm hồ sơ, Điều 6) để Hội đồng đánh giá trực tiếp"
SITE_VISIT = "@Khảo sát thực tế của Tổ tư vấn tại điểm du lịch (Điều 7) và tài liệu, hình ảnh minh chứng kèm Mẫu số 02, Phần III"
FALLBACK = "@Mẫu số 02, Phần III: mô tả và tài liệu minh chứng (văn bản, kế hoạch, hình ảnh) xếp theo thứ tự tiêu chí"
ORIGIN = "Nguồn gốc nguyên liệu, vùng nguyên liệu, liên kết chuỗi"
QMS = "Hệ thống quản lý chất lượng tiên tiến, kiểm soát chất lượng"
TESTS = "Phiếu kết quả kiểm nghiệm chỉ tiêu chất lượng, an toàn thực phẩm theo tiêu chuẩn công bố"
MARKET = "Phát triển thị trường, hoạt động quảng bá, xúc tiến thương mại"
AWARDS = "Giải thưởng của sản phẩm, bình chọn của các tổ chức uy tín trong nước và quốc tế..."
SENSORY_MARK = "@sensory"
EVIDENCE_RULE: list[tuple[tuple[str, ...], tuple[str, ...]]] = [
    (("đại diện pháp luật",), ("@Mẫu số 02, Phần I mục 5: họ tên, giới tính, dân tộc của người đại diện pháp luật; "
                               "giấy tờ xác nhận khuyết tật nếu có",)),
    (("loại hình tổ chức", "điều kiện kinh doanh"), ("Giấy đăng ký kinh doanh",)),
    (("vùng nguyên liệu được cấp chứng nhận", "vùng sản xuất được cấp chứng nhận"), (ORIGIN, QMS)),
    (("nguồn gốc ý tưởng",), ("@Báo cáo của UBND cấp xã (Mẫu số 03, mục II.3: nguồn gốc ý tưởng sản phẩm)",)),
    (("trí tuệ/bản sắc", "bản sắc"), ("Câu chuyện về sản phẩm",
                                      "@Báo cáo của UBND cấp xã (Mẫu số 03, mục II.4: bản sắc, trí tuệ địa phương)")),
    (("dinh dưỡng", "kiểm tra định kỳ", "tính an toàn", "hiệu quả sử dụng", "chất lượng an toàn thực phẩm"), (TESTS,)),
    (("cảm quan",), (SENSORY_MARK,)),
    (("bảo vệ môi trường", "bền vững", "năng lượng"), ("Bảo vệ môi trường, sử dụng công nghệ theo hướng bền vững",)),
    (("năng lực sản xuất", "gia tăng giá trị", "máy móc", "công nghệ", "đóng gói", "bao bì"),
     ("@Mẫu số 02, Phần II: mô tả, hình ảnh về vùng nguyên liệu, công nghệ sản xuất, sơ chế, chế biến, đóng gói; "
      "sản lượng và doanh thu",)),
    (("nguồn gốc sản phẩm", "nguồn nguyên liệu", "nguyên liệu", "liên kết sản xuất", "liên kết chuỗi trong sản xuất"),
     (ORIGIN, "@Báo cáo của UBND cấp xã (Mẫu số 03, mục II.1: sử dụng nguyên liệu địa phương)")),
    (("lao động",), ("Sử dụng lao động địa phương", "@Báo cáo của UBND cấp xã (Mẫu số 03, mục II.2: lao động địa phương)")),
    (("tăng trưởng",), ("Tăng trưởng sản xuất kinh doanh",)),
    (("sở hữu trí tuệ",), ("Sở hữu trí tuệ",)),
    (("câu chuyện", "cẩm nang"), ("Câu chuyện về sản phẩm",)),
    (("quảng bá", "nhận diện"), ("Quảng bá sản phẩm", MARKET)),
    (("cơ hội thị trường",), (MARKET, QMS)),
    (("phân phối", "liên kết vùng", "thị trường mục tiêu"), (MARKET,)),
    (("công bố",), ("Công bố chất lượng sản phẩm", TESTS)),
    (("ghi nhãn", "nhãn hàng hóa"), ("Mã số mã vạch, tem truy xuất nguồn gốc,", "@Nhãn trên sản phẩm mẫu")),
    (("hướng dẫn sử dụng",), ("@Nhãn hoặc tờ hướng dẫn sử dụng kèm sản phẩm mẫu",)),
    (("đảm bảo chất lượng", "đảm bảo an toàn chất lượng"), ("Giấy chứng nhận cơ sở đủ điều kiện sản xuất", QMS)),
    (("độc đáo", "thiết kế", "tiện lợi", "tính năng", "yếu tố tích hợp", "tinh xảo", "kiểu dáng"), (SENSORY_MARK, AWARDS)),
]


def evidence_for(name: str, form02: dict[str, str], *, sensory: bool, tourism: bool) -> str:
    lowered = low(name)
    rows = None
    if sensory and not tourism:
        rows = (SENSORY_MARK,)
    for words, found in EVIDENCE_RULE:
        if rows is None and any(w in lowered for w in words):
            rows = found
    if rows is None:
        rows = (SITE_VISIT,) if tourism else (FALLBACK,)
    texts = []
    for row in rows:
        if row == SENSORY_MARK:
            row = SITE_VISIT if tourism else SAMPLES
        if row.startswith("@"):
            texts.append(row[1:])
        else:
            requirement = form02.get(row)
            if requirement is None:
                raise SystemExit(f"Form 02 has no row {row!r}")
            texts.append(f"{row.rstrip(',')}: {requirement}")
    return " ".join(t if t.endswith(".") else t + "." for t in texts)


# English names of parts and sections (the criteria themselves stay in Vietnamese), by the
# beginning of the printed name.
PART_EN = {"A": "Product and community strength", "B": "Marketing ability", "C": "Product quality"}
SECTION_EN = [
    ("tổ chức sản xuất", "Production organisation"),
    ("tổ chức dịch vụ cộng đồng", "Community service organisation"),
    ("phát triển sản phẩm", "Product development"),
    ("sức mạnh cộng đồng", "Community strength"),
    ("tiếp thị", "Marketing"),
    ("câu chuyện", "Product story"),
    ("chỉ tiêu cảm quan", "Sensory indicators"),
    ("chất lượng sản phẩm dịch vụ du lịch", "Quality of the tourism service"),
    ("chất lượng sản phẩm", "Product quality"),
    ("chất lượng an toàn thực phẩm", "Food safety quality"),
    ("chất lượng phục vụ", "Quality of service"),
    ("các chỉ tiêu", "Indicators"),
    ("ngoại hình", "Appearance"),
    ("nước pha", "Brewed liquor"),
    ("dinh dưỡng", "Nutrition"),
    ("tính độc đáo", "Uniqueness"),
    ("công bố", "Quality declaration"),
    ("đảm bảo chất lượng", "Quality assurance"),
    ("điều kiện đảm bảo an toàn chất lượng", "Conditions for safe, consistent quality"),
    ("hướng dẫn sử dụng", "Instructions for use"),
    ("cơ hội thị trường toàn cầu", "Global market opportunity"),
    ("hiệu quả sử dụng", "Effectiveness in use"),
    ("tính an toàn", "Safety"),
    ("kiểm tra định kỳ", "Periodic testing"),
    ("sự tiện lợi", "Convenience in use and storage"),
    ("vị trí", "Location"),
    ("kiến trúc và cảnh quan", "Architecture and landscape"),
    ("đáp ứng điều kiện kinh doanh", "Business conditions for the service"),
    ("đảm bảo an toàn và an ninh", "Safety, security and order"),
    ("tính hoàn thiện", "Completeness of the service"),
    ("hoạt động trải nghiệm", "Experience activities"),
    ("quản lý và nhân viên", "Management and staff"),
    ("tiện nghi", "Amenities"),
    ("hoạt động thu hút", "Activities that attract visitors"),
    ("hàng hóa dịch vụ", "Goods sold with the service (food, souvenirs…)"),
]


def section_en(name: str) -> str:
    lowered = low(name)
    for start, english in SECTION_EN:
        if lowered.startswith(start):
            return english
    raise SystemExit(f"no English name for the section «{name}»: add it to SECTION_EN")


SENSORY = re.compile(r"cảm quan|ngoại hình|nước pha|^các chỉ tiêu$|^chất lượng sản phẩm$|màu|mùi|(?<!\w)vị(?!\w)"
                     r"|kích thước|hình dạng|tạp chất|trạng thái|độ chín|tính đầy đủ|cánh chè")
