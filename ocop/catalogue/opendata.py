"""The open data of the register: one record per recognition, its columns described once (the data dictionary
shown on the open-data page, the CSV/JSON field names, the Vietnamese headers of the .xlsx), and what is withheld
and why. Published under CC BY 4.0."""

from dataclasses import dataclass

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ocop.core.exports import Sheet
from ocop.recognitions.filters import RegisterFilter
from ocop.stats.export import register_rows

LICENCE = "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)"


@dataclass(frozen=True)
class Column:
    key: str  # the field name in CSV and JSON (a contract: never renamed)
    header: Promise  # the column's title (Vietnamese in the .xlsx)
    meaning: Promise
    kind: Promise
    example: str
    width: int = 14


TEXT, NUMBER, DATE, CODE = _("text"), _("number"), _("date (YYYY-MM-DD; dd/mm/yyyy in .xlsx)"), _("code")

COLUMNS = [
    Column("product", _("Product name"), _("The product's name as recognised."), TEXT, "Mật ong rừng U Minh", 36),
    Column("product_id", _("Product number"), _("The product's number in the register (its page: /register/products/<number>/)."), NUMBER, "1042", 10),
    Column("producer", _("Producer"), _("The producer (enterprise, cooperative, cooperative group or household business)."), TEXT, "HTX Ong mật U Minh", 34),
    Column("producer_id", _("Producer number"), _("The producer's number in the register."), NUMBER, "311", 10),
    Column("legal_form", _("Legal form"), _("enterprise, cooperative, cooperative_group or household."), CODE, "cooperative", 14),
    Column("province_code", _("Province code"), _("Official code of the 2025 province the recognition counts under."), CODE, "96", 8),
    Column("province", _("Province"), _("The 2025 province."), TEXT, "Cà Mau", 14),
    Column("province_at_the_time", _("Province at the time"), _("The province as the decision named it (pre-2025 name where that applies)."), TEXT, "Bạc Liêu", 14),
    Column("commune", _("Commune/ward"), _("The producer's commune or ward (2025 map)."), TEXT, "Xã Khánh An", 18),
    Column("group_code", _("Group code"), _("The product group as rated, in the taxonomy of its criteria version."), CODE, "148-1.3", 10),
    Column("group", _("Product group"), _("The product group's name."), TEXT, "Thực phẩm chế biến", 22),
    Column("stars", _("Stars"), _("3, 4 or 5."), NUMBER, "4", 6),
    Column("score", _("Score"), _("The council's average total out of 100, when recorded."), NUMBER, "76.5", 7),
    Column("decision_number", _("Decision number"), _("The recognition decision."), TEXT, "1234/QĐ-UBND", 18),
    Column("decision_date", _("Decision date"), _("The decision's date."), DATE, "2024-05-10", 12),
    Column("valid_until", _("Valid until"), _("The end of the recognition's validity (36 months)."), DATE, "2027-05-09", 12),
    Column("level", _("Rating level"), _("district, province or central."), CODE, "province", 10),
    Column("criteria_version", _("Criteria version"), _("1048-2019, 148-2023 or 26-2026."), CODE, "148-2023", 12),
    Column("status", _("Status today"), _("in_force, expired, revoked or superseded, as of the download."), CODE, "in_force", 11),
    Column("certificate_id", _("Certificate number"), _("The public certificate number; check it at /v/<number>."), CODE, "3K7Q9XW2MF4", 14),
]
FIELDS = [c.key for c in COLUMNS]

# What the open data never holds, and why (shown on the open-data page).
WITHHELD = [
    (_("Whether a producer's representative is a woman, from an ethnic minority or has a disability"),
     _("Sensitive personal data under Decree 13/2023/NĐ-CP (ethnic origin, health, and the sex of a person who can "
       "be identified): used only by the councils for criterion 3.2, shown only to the producer and its offices.")),
    (_("Phone numbers, e-mail addresses, street addresses and representatives' names"),
     _("Personal data of the people behind small producers; buyers reach a producer through the form on each "
       "product page instead, without the address being shown.")),
    (_("The tax code of a household business"),
     _("It is the owner's personal identity number. Tax codes of enterprises and cooperatives are public records "
       "and are shown on their pages.")),
    (_("Products not (yet) recognised, dossiers, score sheets and council members' scores"),
     _("Work in progress of a procedure, not a decision: only the decisions are published.")),
    (_("Buyers' messages and their contacts"),
     _("Private correspondence between a buyer and a producer.")),
]


# The columns read for each recognition, as plain values (no model objects: the whole country is 200,000 rows).
_PATHS = ("product__name", "product_id", "product__producer__name", "product__producer_id",
          "product__producer__legal_form", "province_id", "province__short_name", "legacy_province__short_name",
          "product__producer__commune__name", "group__code", "group__name", "stars", "score", "decision_number",
          "decision_date", "valid_until", "level", "criteria_version__code", "current_status", "certificate__public_id")


def _register_values():
    """One tuple per recognition, in the order of COLUMNS (the province at the time already chosen)."""
    rows = register_rows(RegisterFilter()).values_list(*_PATHS)
    for v in rows.iterator(chunk_size=5000):
        yield (v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7] or v[6], v[8] or "", v[9], v[10], v[11], v[12], v[13],
               v[14], v[15], v[16], v[17], v[18], v[19] or "")


def register_records():
    """Every recognition of the register, as the open data publishes it (no contact, flag or personal number)."""
    for v in _register_values():
        record = dict(zip(FIELDS, v, strict=True))
        record["score"] = str(v[12]) if v[12] is not None else ""
        record["decision_date"], record["valid_until"] = v[14].isoformat(), v[15].isoformat()
        yield record


def register_workbook_sheet() -> Sheet:
    """The open data as an .xlsx sheet with Vietnamese column headers (dates and numbers as real cells)."""
    with translation.override("vi"):
        headers = [str(c.header) for c in COLUMNS]
        title = str(_("OCOP register"))

    return Sheet(title, headers, register_recognition_cells(), widths=[c.width for c in COLUMNS])


def register_recognition_cells():
    return (list(v) for v in _register_values())
