"""Plain blocks a paper is made of; the renderers know nothing of dossiers."""

import datetime as dt
from dataclasses import dataclass, field

DOTS = "…………………………"


def filled(value) -> str:
    """The value, or the dotted line the annex leaves to be written by hand."""
    text = "" if value is None else str(value).strip()
    return text or DOTS


def date_line(place: str, day) -> str:
    """"Cà Mau, ngày 05 tháng 3 năm 2026", or the dotted line the signer fills in by hand."""
    if day is None:
        return f"{place or '……'}, ngày …… tháng …… năm ……"
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def box(checked: bool) -> str:
    """The annex's tick box: "□", ticked "√" (Form 02: "Đánh dấu (√) vào mục tương ứng")."""
    return "√" if checked else "□"


@dataclass
class Heading:
    text: str
    center: bool = False


@dataclass
class Para:
    text: str
    bold: bool = False
    italic: bool = False
    center: bool = False


@dataclass
class Field:
    label: str
    value: str = ""
    dash: bool = True  # printed as "- label: value"


@dataclass
class Table:
    rows: list[list[str]]
    widths: list[float]  # shares of the text width
    header: bool = True
    bold_rows: tuple[int, ...] = ()


@dataclass
class Sign:
    """A signing block: the date line (place, date or blanks), the capacity in bold, the note in italics, the
    name under the room for the signature."""

    title: str
    note: str = ""
    name: str = ""
    place: str | None = None  # None: no date line
    date: dt.date | None = None


@dataclass
class Signatures:
    left: Sign | None
    right: Sign | None


@dataclass
class Paper:
    filename: str
    title: str
    subject: str = ""
    issuer: list[str] = field(default_factory=list)  # the issuing body (left of the national heading), bold capitals
    parent: str = ""  # the body above the issuer, regular capitals
    number: str = ""  # after "Số: "
    place: str = ""  # the date line under the motto (with an issuer)
    date: dt.date | None = None
    caption: str = ""  # e.g. "Mẫu số 01" printed above the heading
    blocks: list = field(default_factory=list)
    footnote: str = ""
