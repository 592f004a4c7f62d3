"""The papers themselves: what each form of Annex III (Decision 26/2026) and each council paper says, in
the annex's order and words, filled from the records. Official papers are always in Vietnamese."""

from decimal import Decimal

from django.utils import translation

from ocop.criteria import engine

from ..models import Dossier, Member, Session
from ..workflow import State
from .layout import DOTS, Field, Heading, Paper, Para, Sign, Signatures, Table, box, filled

FORM03_CONTENTS = [
    ("origin", "1. Về sử dụng nguyên liệu địa phương"),
    ("labour", "2. Về sử dụng lao động địa phương"),
    ("idea", "3. Nguồn gốc ý tưởng sản phẩm"),
    ("identity", "4. Bản sắc/trí tuệ địa phương"),
]

FORM02_CHECKS = [
    ("business_registration", "a) Giấy đăng ký kinh doanh"),
    ("quality_declared", "b) Đã công bố chất lượng sản phẩm theo quy định"),
    ("food_safety", "- Giấy chứng nhận cơ sở đủ điều kiện vệ sinh an toàn thực phẩm theo quy định của pháp luật cho sản xuất sản phẩm"),
    ("production_conditions", "- Giấy chứng nhận cơ sở đủ điều kiện sản xuất bắt buộc theo quy định cho sản phẩm (đối với các sản phẩm bắt buộc theo quy định)"),
    ("ip", "d) Đã có đăng ký sở hữu trí tuệ"),
    ("trademark", "+ Giấy chứng nhận đăng ký nhãn hiệu"),
    ("gi_collective", "+ Văn bản ghi nhận quyền sử dụng chỉ dẫn địa lý, nhãn hiệu tập thể, nhãn hiệu chứng nhận"),
    ("patent", "+ Bằng sáng chế"),
    ("design", "+ Bằng độc quyền kiểu dáng công nghiệp"),
    ("copyright", "+ Giấy chứng nhận bản quyền tác giả"),
    ("other_ip", "+ Khác (ghi rõ)"),
]

# What the vault already shows, as the default of a tick box (the producer may change it).
CHECK_FROM_VAULT = {"business_registration": "business_registration", "quality_declared": "product_standard",
                    "food_safety": "food_safety_certificate", "ip": "ip_registration"}

KIND_BOXES = [("first", "Lần đầu"), ("upgrade", "Nâng hạng"), ("renewal", "Đánh giá lại")]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _dmy(day) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _when(dossier: Dossier, action: str):
    at = dossier.transitions.filter(action=action).order_by("-at").values_list("at", flat=True).first()
    return at.date() if at else None


def evaluation_year(dossier: Dossier) -> int:
    if dossier.round_id:
        return dossier.round.year
    return (_when(dossier, "submit") or dossier.created_at.date()).year


def group_path(dossier: Dossier) -> str:
    """Ngành, nhóm, phân nhóm of Annex I: the sheet's product set and the groups above it."""
    group = dossier.sheet.groups.order_by("-depth").first() if dossier.sheet_id else dossier.product.group
    chain = []
    while group is not None:
        chain.append(group.name)
        group = group.parent
    return " – ".join(reversed(chain))


def legal_form_vi(producer) -> str:
    with translation.override("vi"):
        return str(producer.get_legal_form_display()) if producer.legal_form else ""


def vault_kinds(dossier: Dossier) -> set[str]:
    return set(dossier.producer.documents.values_list("kind", flat=True))


def form02_checks(dossier: Dossier) -> dict[str, bool]:
    saved = dossier.forms.get("form02", {}).get("checks")
    if isinstance(saved, dict):
        return {code: bool(saved.get(code)) for code, _label in FORM02_CHECKS}
    kinds = vault_kinds(dossier)
    return {code: CHECK_FROM_VAULT.get(code) in kinds for code, _label in FORM02_CHECKS}


def _product_code(dossier: Dossier) -> str:
    return dossier.product.product_code or "(T)-(X)-(STT)-20…"


# -- Form 01 -------------------------------------------------------------------------------------

def form01(dossier: Dossier) -> Paper:
    p, product = dossier.producer, dossier.product
    data = dossier.forms.get("form01", {})
    year = evaluation_year(dossier)
    tourism = bool(dossier.sheet_id and dossier.sheet.groups.filter(code__startswith="26-6").exists())
    samples = data.get("samples") or ("Không áp dụng (dịch vụ du lịch)" if tourism else "05 sản phẩm")
    province, commune = p.province_id, p.commune_id or "(Mã xã)"
    blocks = [
        Heading("1. Thông tin về đơn vị đăng ký:"),
        Field("Tên đơn vị", filled(p.name)),
        Field("Họ tên người đại diện pháp lý", filled(p.representative)),
        Field("Chức vụ", filled(data.get("position"))),
        Field("Địa chỉ liên hệ", filled(p.address)),
        Field("Điện thoại", f"{filled(p.phone)}    Email: {filled(p.email)}"),
        Heading(f"2. Tên sản phẩm: {product.name}"),
        Heading("3. Nhóm sản phẩm đăng ký (Ngành, Nhóm, Phân nhóm¹):"),
        Para(group_path(dossier) + (f" (bộ sản phẩm {dossier.sheet.code})" if dossier.sheet_id else "")),
        Heading("4. Lần đăng ký đánh giá: " + "    ".join(f"{label} {box(dossier.kind == code)}" for code, label in KIND_BOXES)),
        Heading("5. Tài liệu kèm theo:"),
        Field("Báo cáo đánh giá về sản phẩm theo Bộ tiêu chí (bản gốc, bản điện tử)", ""),
        Field("Sản phẩm mẫu (số lượng)", samples),
        Para("Cam đoan những thông tin trong Phiếu đăng ký là đúng sự thật, chúng tôi xin cam kết tuân thủ các quy định về "
             "đánh giá, phân hạng sản phẩm OCOP, chịu trách nhiệm trước Hội đồng và pháp luật về Hồ sơ đăng ký đánh giá, "
             "phân hạng sản phẩm."),
        Signatures(None, Sign("ĐẠI DIỆN", "(Ký, đóng dấu, ghi rõ họ tên)", p.representative, place="")),
        Heading("PHẦN DÀNH CHO CƠ QUAN QUẢN LÝ", center=True),
        Heading("DÀNH CHO ỦY BAN NHÂN DÂN CẤP XÃ"),
        Field("Phiếu số", f"……-……/PĐK-{province}-{commune}-{year}", dash=False),
        Field("Ngày nhận", filled(_dmy(_when(dossier, "submit"))), dash=False),
        Field("Người tiếp nhận", f"{DOTS}  Chữ ký: {DOTS}", dash=False),
        Signatures(None, Sign("Cơ quan tiếp nhận", "(Ký, đóng dấu và ghi rõ họ tên)")),
        Heading("DÀNH CHO CƠ QUAN QUẢN LÝ OCOP CẤP TỈNH"),
        Field("Phiếu số", f"……-……/PĐK-{province}-{commune}-{year}", dash=False),
        Field("Ngày nhận", filled(_dmy(_when(dossier, "commune_confirm"))), dash=False),
        Field("Người tiếp nhận", f"{DOTS}  Chữ ký: {DOTS}", dash=False),
        Signatures(None, Sign("Cơ quan tiếp nhận", "(Ký, đóng dấu và ghi rõ họ tên)")),
    ]
    return Paper(filename=f"mau-01-phieu-dang-ky-{dossier.pk}", caption="Mẫu số 01", title="PHIẾU ĐĂNG KÝ",
                 subject=f"Tham gia đánh giá, phân hạng sản phẩm OCOP của {_lower_first(p.province.name)} năm {year}",
                 blocks=blocks,
                 footnote="¹ Theo Phụ lục I về Danh mục phân loại sản phẩm tham gia đánh giá, phân hạng sản phẩm OCOP.")


# -- Form 02 -------------------------------------------------------------------------------------

def self_assessment_rows(dossier: Dossier) -> tuple[list[list[str]], tuple[int, ...], engine.Result | None]:
    """Part III: each criterion of the sheet with the producer's answer, its points and the evidence."""
    if not dossier.sheet_id:
        return [], (), None
    sheet = dossier.sheet
    flags = {"woman_led": bool(dossier.producer.woman_led), "ethnic_minority": bool(dossier.producer.ethnic_minority)}
    try:
        result = engine.score(sheet.engine(), dossier.answers, flags=flags, partial=True, with_next=False)
    except engine.AnswerError:
        result = None
    evidence: dict[str, list[str]] = {}
    for e in dossier.evidence.select_related("document"):
        day = f" ({_dmy(e.document.issued_on)})" if e.document.issued_on else ""
        evidence.setdefault(e.criterion, []).append(e.document.title + day)
    rows, bold = [["Mã", "Tiêu chí", "Chủ thể tự đánh giá", "Điểm", "Tài liệu minh chứng"]], []
    parts = {p["code"]: p for p in sheet.data["parts"]}
    part_seen = set()
    for section in sheet.data["sections"]:
        if section["part"] not in part_seen:
            part_seen.add(section["part"])
            part = parts[section["part"]]
            got = result.parts.get(section["part"]) if result else None
            rows.append([f"Phần {part['code']}", part["name"], "", f"{_num(got)}/{_num(part['max'])}" if got is not None else
                         _num(part["max"]), ""])
            bold.append(len(rows) - 1)
        if section.get("criteria") and not (len(section["criteria"]) == 1 and section["criteria"][0]["code"] == section["code"]):
            rows.append([section["code"], section["name"], "", "", ""])
            bold.append(len(rows) - 1)
        for c in section["criteria"]:
            chosen = next((o for o in c["options"] if o["code"] == dossier.answers.get(c["code"])), None)
            answer = f"{chosen['code']}) {chosen['text']}" if chosen else "(chưa trả lời)"
            rows.append([c["code"], c["name"], answer, _num(chosen["points"]) if chosen else "",
                         "; ".join(evidence.get(c["code"], []))])
    if result is not None:
        stars = f"{result.stars} sao" if result.stars else "bị loại"
        rows.append(["", "TỔNG CỘNG", f"Tự đánh giá: {stars}", _num(result.total), ""])
        bold.append(len(rows) - 1)
    return rows, tuple(bold), result


def _num(value) -> str:
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    return f"{number:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def form02(dossier: Dossier) -> Paper:
    p, product = dossier.producer, dossier.product
    data = dossier.forms.get("form02", {})
    checks = form02_checks(dossier)
    rows, bold, _result = self_assessment_rows(dossier)
    gender = data.get("gender") or ("Nữ" if p.woman_led else "")
    blocks = [
        Heading("Phần I", center=True), Heading("THÔNG TIN CHUNG", center=True),
        Field("1. Tên chủ thể", filled(p.name), dash=False),
        Field("2. Loại hình tổ chức", filled(legal_form_vi(p)), dash=False),
        Field("3. Địa chỉ", filled(p.address), dash=False),
        Field("4. Điện thoại", f"{filled(p.phone)}    Email: {filled(p.email)}", dash=False),
        Heading("5. Tên người đại diện pháp luật:"),
        Field("Họ tên", filled(p.representative)),
        Field("Giới tính", f"{filled(gender)} (Nam/nữ); Dân tộc: {filled(data.get('ethnicity'))}"),
        Field("Địa chỉ thường trú", filled(data.get("residence"))),
        Field("6. Ngày thành lập/đăng ký kinh doanh",
              f"{filled(data.get('founded'))}    Số giấy đăng ký (nếu có): {filled(data.get('registration_number') or p.tax_code)}",
              dash=False),
        Heading("7. Tên sản phẩm/dịch vụ, mô tả về quy cách sản phẩm, tiêu chuẩn:"),
        Para(f"{product.name}" + (f". {data['specification']}" if data.get("specification") else
                                  (f". {product.description}" if product.description else ""))),
        Para("Đánh dấu (√) vào mục tương ứng:", italic=True),
    ]
    for code, label in FORM02_CHECKS:
        if code == "food_safety":
            blocks.append(Para("c) Đã có các điều kiện sản xuất theo quy định:"))
        blocks.append(Para(f"{label}: {box(checks[code])}"))
    blocks += [
        Heading("8. Lịch sử hình thành của chủ thể (nêu các giai đoạn hình thành và phát triển):"),
        Para(filled(data.get("history"))),
        Heading("9. Cơ cấu tổ chức của chủ thể:"), Para(filled(data.get("organisation"))),
        Heading("Phần II", center=True), Heading("KẾT QUẢ THỰC HIỆN PHƯƠNG ÁN SẢN XUẤT KINH DOANH", center=True),
        Para(filled(data.get("results"))),
        Heading("Phần III", center=True), Heading("ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN THEO BỘ TIÊU CHÍ SẢN PHẨM OCOP", center=True),
        Para(f"Bộ tiêu chí: {dossier.sheet.code} {dossier.sheet.name} ({dossier.sheet.criteria_version.name})"
             if dossier.sheet_id else "Bộ tiêu chí: (chưa chọn bộ sản phẩm)"),
        Para(f"Mã số sản phẩm: {_product_code(dossier)}"),
        Para("Chủ thể tự đánh giá kết quả (điểm số) theo thứ tự từng tiêu chí; tài liệu minh chứng kèm theo trong hồ sơ "
             "điện tử, sắp xếp theo thứ tự các tiêu chí.", italic=True),
    ]
    if rows:
        blocks.append(Table(rows, [0.07, 0.25, 0.35, 0.1, 0.23], bold_rows=bold))
    blocks += [
        Heading("Phần IV", center=True), Heading("KẾ HOẠCH SẢN XUẤT, KINH DOANH", center=True),
        Para(filled(data.get("plan"))),
        Signatures(None, Sign("ĐẠI DIỆN THEO PHÁP LUẬT CỦA CƠ SỞ", "(Ký, họ tên, đóng dấu)", p.representative, place="")),
    ]
    return Paper(filename=f"mau-02-bao-cao-tu-danh-gia-{dossier.pk}", caption="Mẫu số 02",
                 title="BÁO CÁO TỰ ĐÁNH GIÁ VỀ SẢN PHẨM", subject="(Dành cho chủ thể có sản phẩm đăng ký)", blocks=blocks)


# -- Form 03 -------------------------------------------------------------------------------------

def form03(dossier: Dossier) -> Paper:
    p, product = dossier.producer, dossier.product
    data = dossier.forms.get("form03", {})
    form02_data = dossier.forms.get("form02", {})
    commune = p.commune.name if p.commune_id else "xã/phường …"
    confirmed = _when(dossier, "commune_confirm")
    blocks = [
        Heading("I. THÔNG TIN CHUNG VỀ HỒ SƠ SẢN PHẨM"),
        Field("1. Tên chủ thể", filled(p.name), dash=False),
        Field("2. Loại hình tổ chức", filled(legal_form_vi(p)), dash=False),
        Field("3. Địa chỉ", filled(p.address), dash=False),
        Heading("4. Tên người đại diện pháp luật:"),
        Field("Họ tên", filled(p.representative)),
        Field("Giới tính", f"{filled(form02_data.get('gender') or ('Nữ' if p.woman_led else ''))} (Nam/nữ); "
                           f"Dân tộc: {filled(form02_data.get('ethnicity'))}"),
        Field("Địa chỉ thường trú", filled(form02_data.get("residence"))),
        Field("5. Sản phẩm đăng ký đánh giá", f"{product.name} (mã số {_product_code(dossier)})", dash=False),
        Heading("II. ĐÁNH GIÁ MỘT SỐ NỘI DUNG CỦA HỒ SƠ SẢN PHẨM"),
    ]
    for code, heading in FORM03_CONTENTS:
        blocks += [Heading(heading + ":"), Para(filled(data.get(code)))]
    blocks += [
        Para(f"Ủy ban nhân dân {_lower_first(commune)} đề nghị Ủy ban nhân dân {_lower_first(p.province.name)} đánh giá, "
             f"phân hạng sản phẩm OCOP cho sản phẩm {product.name} của {p.name}."),
        Signatures(None, Sign(f"TM. ỦY BAN NHÂN DÂN {commune.upper()}", "(Ký tên và đóng dấu)")),
    ]
    return Paper(filename=f"mau-03-bao-cao-cua-xa-{dossier.pk}", caption="Mẫu số 03",
                 issuer=["ỦY BAN NHÂN DÂN", commune], number="……/BC-UBND", place=p.commune.short_name if p.commune_id else "",
                 date=confirmed, title="BÁO CÁO",
                 subject="Đánh giá một số nội dung của hồ sơ đăng ký tham gia đánh giá, phân hạng sản phẩm OCOP",
                 blocks=blocks)


FORMS = {"01": form01, "02": form02, "03": form03}


# -- council papers --------------------------------------------------------------------------------

def council_issuer(session: Session) -> tuple[str, list[str]]:
    """(the body above, the council's lines) for the heading of a council paper."""
    council = session.council
    if council.level == "central":
        return "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", ["HỘI ĐỒNG ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM", "OCOP CẤP TRUNG ƯƠNG"]
    return f"UBND {council.province.name.upper()}", ["HỘI ĐỒNG ĐÁNH GIÁ,", "PHÂN HẠNG SẢN PHẨM OCOP"]


def score_sheet(item, member: Member, score) -> Paper:
    """A member's score sheet as Annex II prints it: the product, its code, every criterion with the option
    the member chose ticked and the points, the opinion, the signature."""
    dossier, sheet = item.dossier, item.dossier.sheet
    answers = score.answers if score else {}
    rows, bold = [["Các tiêu chí", "Thang điểm", "Điểm chấm"]], []
    for section in sheet.data["sections"]:
        if not (len(section["criteria"]) == 1 and section["criteria"][0]["code"] == section["code"]):
            rows.append([f"{section['code']}. {section['name']}", _num(section.get("max")), ""])
            bold.append(len(rows) - 1)
        for c in section["criteria"]:
            chosen = answers.get(c["code"])
            got = next((o["points"] for o in c["options"] if o["code"] == chosen), None)
            rows.append([f"{c['code']}. {c['name']}", _num(c.get("max")), _num(got)])
            bold.append(len(rows) - 1)
            for o in c["options"]:
                rows.append([f"{box(o['code'] == chosen)} {o['text']}", _num(o["points"]), ""])
    rows.append(["TỔNG CỘNG", "100", _num(score.total) if score else ""])
    bold.append(len(rows) - 1)
    p = dossier.producer
    blocks = [
        Para(f"{sheet.data.get('number', '')}. Bộ sản phẩm: {sheet.name}".lstrip(". "), bold=True, center=True),
        Para(f"({sheet.data['labels']})" if sheet.data.get("labels") else "", center=True),
        Field("Tên sản phẩm", dossier.product.name, dash=False),
        Field("Mã số sản phẩm", _product_code(dossier), dash=False),
        Field("Tên chủ thể sản xuất", p.name, dash=False),
        Field("Số điện thoại", filled(p.phone), dash=False),
        Field("Địa chỉ", filled(p.address), dash=False),
        Table(rows, [0.72, 0.14, 0.14], bold_rows=tuple(bold)),
        Para(f"Vòng chấm: {score.round}" if score else "Chưa chấm điểm.", italic=True),
        Heading("Ý kiến của người đánh giá:"), Para(filled(score.opinion if score else "")),
        Signatures(None, Sign("Người đánh giá", "(Ký và ghi rõ họ tên)", member.full_name,
                              place=item.session.place or "", date=score.submitted_at.date() if score else None)),
    ]
    return Paper(filename=f"phieu-danh-gia-{item.pk}-{member.pk}", title="PHIẾU ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP",
                 subject=f"Thành viên: {member.full_name} ({member.agency or member.get_role_display()})",
                 parent=council_issuer(item.session)[0], issuer=council_issuer(item.session)[1], blocks=blocks)


def minutes(session: Session, latest_of) -> Paper:
    """The minutes ("biên bản") of a session: when and where, who was present and absent, what happened to
    the session, each product's members' totals, the council's result, the signatures."""
    council = session.council
    with translation.override("vi"):
        seats = list(council.members.filter(active=True).select_related("user"))
        members = [m for m in seats if m.role != Member.Role.ADVISOR]
        advisers = [m for m in seats if m.role == Member.Role.ADVISOR]
        present = set(session.present.values_list("pk", flat=True))
        kind = "lấy ý kiến bằng văn bản" if session.written else "họp"
        blocks = [
            Para(f"Hình thức: {kind}. Thời gian: ngày {_dmy(session.date)}" + (f". Địa điểm: {session.place}" if session.place else "")
                 + f". Căn cứ Quyết định số {council.decision_number or '…'}"
                 + (f" ngày {_dmy(council.decision_date)}" if council.decision_date else "")
                 + " về việc thành lập Hội đồng."),
            Heading("I. THÀNH PHẦN"),
            Table([["TT", "Họ và tên", "Chức danh trong Hội đồng", "Cơ quan", "Có mặt"]] +
                  [[str(i), m.full_name, str(m.get_role_display()), m.agency, "Có" if m.pk in present else "Vắng"]
                   for i, m in enumerate(members, start=1)], [0.06, 0.28, 0.2, 0.32, 0.14]),
            Para("Tổ tư vấn: " + ("; ".join(f"{m.full_name} ({m.agency})" if m.agency else m.full_name for m in advisers)
                                 if advisers else "—") + "."),
            Para(f"Quy chế: tối thiểu {int(council.quorum * 100)}% thành viên"
                 + (", có Chủ tịch Hội đồng" if council.chair_required else "")
                 + f"; chênh lệch quá {_num(council.divergence)} điểm so với điểm trung bình thì thảo luận và chấm lại."),
        ]
        events = [e for e in session.events.select_related("actor") if e.action in ("rescheduled", "adjourned", "attendance", "meeting", "cancelled")]
        if events:
            blocks.append(Heading("II. DIỄN BIẾN"))
            labels = {"rescheduled": "Dời lịch", "adjourned": "Tạm hoãn", "attendance": "Điểm danh lại",
                      "meeting": "Triệu tập họp", "cancelled": "Hủy phiên"}
            for e in events:
                blocks.append(Para(f"{e.at:%d/%m/%Y %H:%M} — {labels[e.action]}: {e.detail}" + (f". Lý do: {e.reason}" if e.reason else "")))
        blocks.append(Heading("III. KẾT QUẢ ĐÁNH GIÁ, PHÂN HẠNG" if events else "II. KẾT QUẢ ĐÁNH GIÁ, PHÂN HẠNG"))
        rows = [["TT", "Sản phẩm (mã số)", "Chủ thể", "Điểm của từng thành viên", "Điểm TB", "Hạng"]]
        for i, item in enumerate(session.agenda.filter(removed=False).select_related("dossier__product", "dossier__producer"), start=1):
            latest = latest_of(item)
            totals = "; ".join(f"{s.member.full_name}: {_num(s.total)}" + (f" (vòng {s.round})" if s.round > 1 else "")
                               for s in sorted(latest.values(), key=lambda s: s.member_id))
            rows.append([str(i), f"{item.dossier.product.name} ({item.dossier.product.product_code or '…'})",
                         item.dossier.producer.name, totals or "—", _num(item.result_score) if item.result_score is not None else "—",
                         f"{item.result_stars} sao" if item.result_stars else "—"])
        blocks.append(Table(rows, [0.06, 0.24, 0.2, 0.3, 0.1, 0.1]))
        flagged = [item for item in session.agenda.filter(flagged=True, removed=False).select_related("dossier__product")]
        if flagged:
            blocks.append(Para("Sản phẩm có điểm chênh lệch đã được thảo luận và chấm lại: "
                               + ", ".join(item.dossier.product.name for item in flagged) + "."))
        if session.state == Session.State.CANCELLED:
            blocks.append(Para(f"Phiên họp bị hủy. Lý do: {session.reason}"))
        elif session.state != Session.State.CLOSED:
            blocks.append(Para("Phiên chưa kết thúc: kết quả trên là tạm thời.", italic=True))
        chair = next((m for m in members if m.role == Member.Role.CHAIR), None)
        secretary = next((m for m in members if m.role == Member.Role.SECRETARY), None)
        blocks.append(Signatures(Sign("THƯ KÝ HỘI ĐỒNG", "(Ký, ghi rõ họ tên)", secretary.full_name if secretary else ""),
                                 Sign("CHỦ TỊCH HỘI ĐỒNG", "(Ký, ghi rõ họ tên)", chair.full_name if chair else "")))
    place = council.province.short_name if council.province_id else "Hà Nội"
    return Paper(filename=f"bien-ban-phien-{session.pk}", parent=council_issuer(session)[0],
                 issuer=council_issuer(session)[1], number="……/BB-HĐ",
                 place=place, date=session.date, title="BIÊN BẢN",
                 subject=f"Phiên {('lấy ý kiến bằng văn bản' if session.written else 'họp')} của {council.name}",
                 blocks=blocks)


def has_form03(dossier: Dossier) -> bool:
    return dossier.state not in (State.DRAFT,) and bool(dossier.forms.get("form03"))
