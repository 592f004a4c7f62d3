"""The workbook's tabs and columns, the same for writing and reading (Vietnamese headings: it is
an official form)."""

MAIN = "Phiếu chấm"
PARTS = "Phần"
SECTIONS = "Mục"
CRITERIA = "Tiêu chí"
GATES = "Tiêu chí bắt buộc"
KNOCKOUTS = "Điều kiện loại"
RECORDS = "Không nhất quán"
BANDS = "Hạng sao"
BONUS = "Điểm cộng"
RESULT = "Kết quả"

META = [("code", "Mã phiếu"), ("name", "Tên phiếu"), ("name_en", "Tên tiếng Anh"), ("set", "Bộ tiêu chí"),
        ("version", "Phiên bản"), ("groups", "Nhóm sản phẩm áp dụng"), ("verified", "Đã đối chiếu văn bản chính thức"),
        ("official", "Phiếu chính thức"), ("note", "Ghi chú"), ("heading", "Tên in ở đầu phiếu"),
        ("labels", "Dòng sản phẩm, nhóm"), ("knockout_heading", "Tiêu đề điều kiện loại"),
        ("total_printed", "Tổng cộng in trên phiếu"), ("text_note", "Ghi chú về văn bản")]
TABLE = ["Phần", "Mục", "Tên mục", "Mã tiêu chí", "Tiêu chí", "Mã lựa chọn", "Nội dung lựa chọn", "Điểm", "Chọn",
         "Công sức (1-3)", "Trường hợp", "Loại hồ sơ nếu chọn", "Suy ra (không in)", "Ghi chú về văn bản"]
SECTION_COLUMNS = ["Mã mục", "Tên mục", "Tên tiếng Anh", "Phần", "Điểm tối đa", "Mục cha", "Ghi chú", "Ghi chú về văn bản"]
CRITERION_COLUMNS = ["Mã tiêu chí", "Tiêu chí", "Điểm tối đa", "Ghi chú", "Minh chứng", "Trường hợp", "Ghi chú về văn bản"]
PART_COLUMNS = ["Mã phần", "Tên phần", "Điểm tối đa", "Tên tiếng Anh", "Điểm in ở tiêu đề"]
KNOCKOUT_COLUMNS = ["Mã", "Nội dung", "Tiêu chí", "Ghi chú về văn bản"]
RECORD_COLUMNS = ["Phạm vi", "Mã", "Loại", "Số in", "Nội dung"]
GATE_COLUMNS = ["Hạng sao", "Mã tiêu chí", "Lựa chọn tối thiểu", "Ghi chú"]
BAND_COLUMNS = ["Hạng sao", "Điểm tối thiểu"]
BONUS_COLUMNS = ["Mã", "Điểm", "Mô tả"]
BONUS_CAP = "Tối đa"  # the bonus tab's last row: the cap on all bonuses
# the records tab's first column: which element a record is on
SCOPES = {"phiếu": "sheet", "phần": "part", "mục": "section", "tiêu chí": "criterion"}
