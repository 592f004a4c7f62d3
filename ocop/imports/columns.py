"""The columns of a register file: names matched without regard to case, spaces or
diacritics, English aliases accepted."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from ocop.core.text import fold_key


@dataclass(frozen=True)
class Column:
    key: str
    title: str  # the Vietnamese header offices use; shown in reports
    label: object  # translated name
    required: bool
    aliases: tuple[str, ...]


COLUMNS = [
    Column("product", "Tên sản phẩm", _("Product name"), True, ("Sản phẩm", "Tên SP", "Product name", "Product")),
    Column("producer", "Chủ thể", _("Producer"), True, ("Tên chủ thể", "Chủ thể OCOP", "Producer", "Producer name")),
    Column("legal_form", "Loại hình chủ thể", _("Legal form"), False,
           ("Loại hình", "Loại hình tổ chức", "Legal form", "Producer type", "Type of producer")),
    Column("tax_code", "Mã số thuế", _("Tax code"), False,
           ("MST", "Mã số doanh nghiệp", "Mã số ĐKKD", "Tax code", "Tax ID", "Registration code")),
    Column("commune", "Xã/Phường", _("Commune/ward"), False,
           ("Xã", "Phường", "Xã, phường", "Xã/Phường/Đặc khu", "Commune", "Ward", "Commune/Ward")),
    Column("province", "Tỉnh/Thành phố", _("Province"), True,
           ("Tỉnh", "Tỉnh/TP", "Tỉnh, thành phố", "Province", "City", "Province/City")),
    Column("group", "Nhóm sản phẩm", _("Product group"), True,
           ("Nhóm", "Ngành", "Ngành hàng", "Nhóm/Ngành", "Product group", "Group")),
    Column("stars", "Số sao", _("Stars"), True, ("Hạng sao", "Sao", "Xếp hạng", "Stars", "Star rating", "Rating")),
    Column("score", "Điểm", _("Score"), False, ("Điểm đánh giá", "Tổng điểm", "Score", "Points")),
    Column("decision_number", "Số quyết định", _("Decision number"), True,
           ("Số QĐ", "Quyết định số", "Decision number", "Decision no", "Decision No.")),
    Column("decision_date", "Ngày quyết định", _("Decision date"), True,
           ("Ngày QĐ", "Ngày ban hành", "Decision date")),
    Column("expiry", "Ngày hết hạn", _("Expiry date"), False,
           ("Hết hạn", "Ngày hết hiệu lực", "Hiệu lực đến", "Expiry date", "Expiry", "Valid until")),
]
BY_KEY = {c.key: c for c in COLUMNS}
IGNORED = {fold_key(name) for name in ("STT", "TT", "Số TT", "Số thứ tự", "No", "No.", "#", "Ghi chú", "Note", "Notes",
                                              "Lỗi", "Lưu ý")}  # the error report's own columns

_LOOKUP: dict[str, Column] = {}
for _column in COLUMNS:
    for _name in (_column.title, *_column.aliases):
        _LOOKUP[fold_key(_name)] = _column


def match_header(text) -> Column | None:
    return _LOOKUP.get(fold_key(str(text or "")))


def is_ignored(text) -> bool:
    return fold_key(str(text or "")) in IGNORED
