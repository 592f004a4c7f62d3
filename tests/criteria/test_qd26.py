"""The official sheets of Decision 26/2026/QĐ-TTg (Annex II) as transcribed in
ocop/criteria/data/26-2026.json: structure, sums, a sample of criteria checked against the printed
text, star minima, knock-outs, effort classes, evidence, and the recorded inconsistencies of the
text. No database."""

import copy
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from ocop.criteria import engine
from ocop.criteria.sheets import DATA_DIR, build, expand, problems_of, read_set, validate

DOC = read_set(DATA_DIR / "26-2026.json")
SHEETS = {s["code"]: s for s in expand(DOC)}
TEXT = Path("/work/shared/domain/qd-26-2026.txt")

NAMES = [
    "Rau, củ, quả, hạt tươi", "Thịt, thủy sản, trứng, sữa tươi", "Gạo, ngũ cốc, hạt sơ chế khác",
    "Mật ong, mật khác và nông sản thực phẩm khác", "Đồ ăn nhanh", "Chế biến từ gạo, ngũ cốc",
    "Chế biến từ rau, củ, quả, hạt",
    "Chế biến từ thịt, thủy sản, trứng, sữa, các sản phẩm từ mật ong, mật khác và nông sản thực phẩm khác",
    "Tương, nước mắm, gia vị dạng lỏng khác", "Gia vị khác (muối, hành, tỏi, tiêu)", "Chè tươi, chè chế biến",
    "Sản phẩm trà từ thực vật khác", "Cà phê, cacao", "Rượu trắng", "Đồ uống có cồn khác",
    "Nước khoáng thiên nhiên, nước uống đóng chai", "Đồ uống không cồn khác",
    "Thực phẩm chức năng, thuốc dược liệu, thuốc cổ truyền", "Mỹ phẩm có thành phần từ dược liệu",
    "Tinh dầu và dược liệu khác", "Thủ công mỹ nghệ", "Vải, may mặc", "Hoa", "Cây cảnh", "Động vật cảnh",
    "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch",
]


def criterion(sheet: str, code: str) -> dict:
    return next(c for s in SHEETS[sheet]["sections"] for c in s["criteria"] if c["code"] == code)


def test_one_official_sheet_per_product_set_in_annex_ii_order():
    assert list(SHEETS) == [f"26-{n:02d}" for n in range(1, 27)]
    assert [s["name"] for s in SHEETS.values()] == NAMES
    for sheet in SHEETS.values():
        assert sheet["official"] and sheet["verified"] and sheet["set"] == "26-2026"
        assert sheet["bands"] == {"5": "90", "4": "70", "3": "50", "2": "30"} and sheet["recognised_min_stars"] == 3


def test_every_sheet_sums_to_100_with_parts_40_25_35():
    for code, sheet in SHEETS.items():
        assert {p["code"]: p["max"] for p in sheet["parts"]} == {"A": "40", "B": "25", "C": "35"}, code
        assert validate(sheet) == [], code
        built = build(sheet)
        assert sum(p.max_points for p in built.parts) == 100
        assert sum(c.max_points for c in built.criteria) == 100, code  # what the options can really reach
        for part in sheet["parts"]:
            tops = [s for s in sheet["sections"] if s["part"] == part["code"] and not s.get("parent")]
            assert sum(Decimal(s["max"]) for s in tops) == Decimal(part["max"]), (code, part["code"])
        for section in sheet["sections"]:
            below = [Decimal(c["max"]) for c in section["criteria"]] + [
                Decimal(s["max"]) for s in sheet["sections"] if s.get("parent") == section["code"]]
            assert sum(below) == Decimal(section["max"]), (code, section["code"])


# (sheet, code, name, [(option text, points)], notes) — read off Annex II of the printed text.
SAMPLES = [
    ("26-01", "1.1", "Nguồn gốc sản phẩm", [
        ("Sản phẩm được trồng trên địa bàn cấp xã, nhưng có tỷ lệ dưới 50%", "1"),
        ("Sản phẩm được trồng trên địa bàn cấp xã từ 50% đến dưới 75%", "2"),
        ("Sản phẩm được trồng trên địa bàn cấp xã từ 75% đến 100%", "3")],
     ["Yêu cầu: 100% sản phẩm được trồng trên địa bàn cấp tỉnh"]),
    ("26-01", "1.3", "Gia tăng giá trị", [
        ("Sơ chế (rửa, làm sạch, phân loại, đóng gói...) thủ công", "1"),
        ("Ứng dụng máy móc trong sơ chế, đóng gói sản phẩm", "2"),
        ("Ứng dụng công nghệ tiên tiến trong sơ chế, bảo quản (nâng cao chất lượng sản phẩm/kéo dài thời gian bảo quản "
         "và giữ chất lượng ổn định trong quá trình bảo quản...)", "3")], []),
    ("26-01", "1.5", "Liên kết sản xuất", [
        ("Không có liên kết hoặc có liên kết nhưng không rõ ràng", "0"),
        ("Có hợp đồng liên kết từ 50% đến dưới 75% sản lượng tiêu thụ", "1"),
        ("Có hợp đồng liên kết trên 75% sản lượng tiêu thụ", "2"),
        ("Có hợp đồng liên kết trên 75% sản lượng tiêu thụ và tổ chức thực hiện hợp đồng ổn định từ 12 tháng trở lên "
         "tính đến thời điểm đăng ký đánh giá, phân hạng OCOP", "3")], []),
    ("26-01", "2.2", "Đóng gói, bao bì sản phẩm", [
        ("Đóng gói theo hình thức thông thường, không có bao bì", "0"),
        ("Đóng gói theo hình thức thông thường, bao bì đơn giản", "1"), ("Đóng gói sáng tạo, bao bì đẹp", "2"),
        ("Đóng gói sáng tạo, tiện lợi, bao bì đẹp, sang trọng", "3")], []),
    ("26-01", "3.2", "Đại diện pháp luật của chủ thể là nữ; hoặc đồng bào dân tộc thiểu số; hoặc người khuyết tật", [
        ("Đại diện pháp luật của chủ thể không phải nữ, không phải là đồng bào dân tộc thiểu số, không phải là người "
         "khuyết tật", "0"),
        ("Đại diện pháp luật của chủ thể là nữ; hoặc là đồng bào dân tộc thiểu số; hoặc là người khuyết tật", "1")], []),
    ("26-01", "5.2", "Cấu trúc câu chuyện sản phẩm", [
        ("Đơn giản", "0"), ("Ngắn gọn, xúc tích", "1"), ("Ngắn gọn, xúc tích và có văn phong kể chuyện", "2")],
     ["Chỉ áp dụng khi có câu chuyện sản phẩm"]),
    ("26-01", "7", "DINH DƯỠNG (Chỉ ra hàm lượng của các chỉ tiêu dinh dưỡng như: Protit, Lipid, Vitamin,... (theo phiếu "
     "kiểm nghiệm do cơ quan có thẩm quyền cấp)", [("Không có", "0"), ("Có 1 - 2 chỉ tiêu", "1"),
                                                  ("Có trên 2 chỉ tiêu", "3")], []),
    ("26-01", "10", "ĐẢM BẢO CHẤT LƯỢNG SẢN PHẨM", [
        ("Cơ sở sơ chế, đóng gói có giấy chứng nhận đủ điều kiện an toàn thực phẩm theo quy định", "1"),
        ("Cơ sở sơ chế, đóng gói có chứng nhận quản lý chất lượng theo tiêu chuẩn quốc gia (ISO, HACCP,..)", "3"),
        ("Cơ sở sơ chế, đóng gói có chứng nhận quản lý chất lượng theo tiêu chuẩn quốc tế, đủ điều kiện an toàn thực phẩm "
         "cho xuất khẩu và các thủ tục pháp lý khác theo yêu cầu của thị trường đích (ISO, HACCP, BRC, Halal, FDA, ...)",
         "5")], []),
    ("26-01", "12", "CƠ HỘI THỊ TRƯỜNG TOÀN CẦU", [
        ("Có thể xuất khẩu đến thị trường khu vực Đông Nam Á", "1"),
        ("Có thể xuất khẩu các thị trường ngoài khu vực Đông Nam Á", "2"),
        ("Có thể xuất khẩu đến các thị trường có tiêu chuẩn cao (Mỹ, Nhật, EU...)", "3")],
     ["Ghi chú: Đánh giá dựa trên các hợp đồng xuất khẩu đã thực hiện, hoặc các chứng nhận chất lượng đã được cấp, hoặc "
      "các thông tin về đánh giá thị trường, kết quả xúc tiến thương mại ở các thị trường tiềm năng."]),
    ("26-04", "7", "DINH DƯỠNG (Chỉ ra hàm lượng của các chỉ tiêu dinh dưỡng như: Vitamin B2, B3, B5, B6, B9; đường khử tự "
     "đo;... theo phiếu kiểm nghiệm)", [("Không có", "0"), ("Có 1 - 2 chỉ tiêu", "1"), ("Có trên 2 chỉ tiêu", "13")], []),
    ("26-07", "3.1", "Loại hình tổ chức sản xuất - kinh doanh", [
        ("Hộ sản xuất/hộ gia đình có đăng ký kinh doanh; hoặc trang trại; hoặc tổ hợp tác (có giấy đăng ký kinh doanh theo "
         "quy định)", "1"),
        ("Công ty TNHH; hoặc doanh nghiệp tư nhân; hoặc công ty cổ phần có vốn góp của cộng đồng người địa phương <51%", "1"),
        ("HTX tổ chức, hoạt động theo đúng quy định của pháp luật; hoặc công ty cổ phần có vốn góp của cộng đồng người địa "
         "phương ≥ 51%", "3")], []),
    ("26-11", "6.1.1", "Tạp chất", [
        ("Có tạp chất", "0"), ("Có rất ít tạp chất, chấp nhận được", "11"), ("Sạch, không phát hiện tạp chất", "2")],
     ["Chú ý: Nếu có các tạp chất không chấp nhận được (các tạp chất có nguy cơ gây mất an toàn thực phẩm) như: Lông, "
      "côn trùng, mẫu gỗ, cát, nhựa ... sẽ không đánh giá các bước tiếp theo"]),
    ("26-11", "6.2.3", "Vị nước", [
        ("Vị khác thường (chấp nhận được) hoặc không rõ vị", "0"), ("Tương đối đậm phù hợp (với tính chất sản phẩm)", "1"),
        ("Vị đậm, dịu, phù hợp", "3"), ("Vị đậm, dịu, phù hợp, có hậu vị ngọt", "5")], []),
    ("26-14", "1.1", "Nguồn nguyên liệu", [
        ("Có sử dụng nguyên liệu có nguồn gốc trong tỉnh, nhưng có tỷ lệ dưới 50%", "1"),
        ("Sử dụng nguyên liệu có nguồn gốc trong tỉnh từ 50% đến dưới 75%", "2"),
        ("Sử dụng nguyên liệu có nguồn gốc trong tỉnh từ 75% đến 100%", "4")], []),
    ("26-14", "1.2", "Gia tăng giá trị", [
        ("Chế biến thông thường", "1"), ("Sử dụng kỹ thuật thủ công để nâng cao chất lượng sản phẩm", "2"),
        ("Áp dụng công nghệ để nâng cao chất lượng sản phẩm", "3")], []),
    ("26-16", "6.4", "Vị", [
        ("Có vị lạ", "0"), ("Tương đối phù hợp với sản phẩm", "1"), ("Phù hợp với sản phẩm", "3"),
        ("Phù hợp với sản phẩm, “ấn tượng”, sảng khoái sau uống", "5")], []),
    ("26-18", "7", "CÔNG BỐ CHẤT LƯỢNG SẢN PHẨM", [
        ("Có Bản đăng ký công bố chất lượng sản phẩm; ghi nhãn sản phẩm; quảng cáo sản phẩm (nếu có) theo đúng quy định (do "
         "cơ quan có thẩm quyền cấp, còn hiệu lực)", "2"),
        ("Có Bản đăng ký công bố chất lượng sản phẩm; ghi nhãn sản phẩm; quảng cáo thực phẩm (nếu có) theo đúng quy định (do "
         "cơ quan có thẩm quyền cấp, còn hiệu lực) và có đủ hồ sơ lưu trữ theo đúng quy định.", "4")], []),
    ("26-18", "8", "SỰ TIỆN LỢI KHI SỬ DỤNG, BẢO QUẢN", [
        ("Không tiện lợi", "0"), ("Tương đối tiện lợi", "1"), ("Tiện lợi", "3"), ("Rất tiện lợi", "5")], []),
    ("26-18", "12", "ĐẢM BẢO CHẤT LƯỢNG SẢN PHẨM", [
        ("Không có hoạt động kiểm soát chất lượng sản phẩm", "0"), ("Có kế hoạch kiểm soát nội bộ chất lượng sản phẩm", "1"),
        ("Có kế hoạch kiểm soát nội bộ gắn với truy xuất nguồn gốc theo quy định", "3")], []),
    ("26-23", "6.2", "Màu sắc", [
        ("Chấp nhận được", "1"), ("Phù hợp với đặc tính sản phẩm", "1"),
        ("Đẹp, bắt mắt so với đặc tính sản phẩm", "3"), ("Rất đẹp, bắt mắt và ấn tượng so với đặc tính sản phẩm", "5")], []),
    ("26-23", "9", "HƯỚNG DẪN SỬ DỤNG ĐỂ ĐẢM BẢO SẢN PHẨM CÓ CHẤT LƯỢNG TỐT NHẤT CHO NGƯỜI TIÊU DÙNG", [
        ("Có hướng dẫn sử dụng sản phẩm đơn giản", "2"),
        ("Có hướng dẫn sử dụng chi tiết, cụ thể để kéo dài thời gian, duy trì chất lượng sản phẩm", "4")], []),
    ("26-25", "7", "TÍNH ĐỘC ĐÁO Chất lượng: có nét riêng, khác biệt, có dấu hiệu nhận biết rõ ràng so với sản phẩm khác, "
     "tiềm năng thành thương hiệu của địa phương", [
         ("Trung bình", "2"), ("Tương đối độc đáo", "5"), ("Độc đáo, mang tính đặc trưng", "7"),
         ("Rất độc đáo và có tính đặc trưng", "10")], []),
    ("26-26", "1.2", "Cơ chế quản lý/quy định", [
        ("Có cơ chế/quy định quản lý hoạt động dịch vụ", "1"),
        ("Có cơ chế quản lý/quy định quản lý hoạt động dịch vụ được phân nhiệm rõ ràng", "3"),
        ("Có cơ chế quản lý/quy định quản lý hoạt động dịch vụ được phân nhiệm rõ ràng trên cơ sở người dân địa phương tham "
         "gia quản lý và vận hành và hưởng lợi (trực tiếp/gián tiếp)", "5")], []),
    ("26-26", "3.3", "Sử dụng lao động địa phương", [
        ("Có sử dụng từ 25% đến dưới 50% lao động là người trên địa bàn cấp xã", "1"),
        ("Có sử dụng từ 50% đến 75% lao động là người trên địa bàn cấp xã", "2"),
        ("Có sử dụng ≥ 75% lao động là người trên địa bàn cấp xã", "4")], []),
    ("26-26", "11", "Hoạt động trải nghiệm", [("Có hoạt động trải nghiệm", "1"), ("Có mô hình hoạt động trải nghiệm", "2")], []),
]


@pytest.mark.parametrize("sheet,code,name,options,notes", SAMPLES, ids=[f"{s[0]}:{s[1]}" for s in SAMPLES])
def test_a_sample_of_criteria_matches_the_printed_text(sheet, code, name, options, notes):
    found = criterion(sheet, code)
    assert found["name"] == name
    assert [(o["text"], o["points"]) for o in found["options"]] == options
    assert [o["code"] for o in found["options"]] == list("abcdefgh"[:len(options)])
    assert found.get("notes", []) == notes
    assert not any("*" in o["text"] for o in found["options"]), "star markers are stripped from the text"


def test_sub_sections_cases_and_derived_options_keep_the_sheet_structure():
    tea = {s["code"]: s for s in SHEETS["26-11"]["sections"]}
    assert (tea["6"]["max"], tea["6.1"]["parent"], tea["6.1"]["max"], tea["6.2"]["max"]) == ("15", "6", "4", "11")
    tourism = criterion("26-26", "8")
    assert [k["name"] for k in tourism["cases"]] == ["Trường hợp 1: Dịch vụ du lịch do cộng đồng cung cấp",
                                                     "Trường hợp 2: Điểm dịch vụ du lịch"]
    assert [(o["case"], o["points"]) for o in tourism["options"]] == [("a", "1"), ("a", "3"), ("b", "1"), ("b", "3")]
    bilingual = criterion("26-05", "2.4")
    assert bilingual["max"] == "1" and [(o["text"], o["points"], o.get("derived")) for o in bilingual["options"]] == [
        ("Không", "0", True), ("Có", "1", True)]
    assert {p["code"]: p.get("title_max") for p in SHEETS["26-26"]["parts"]} == {"A": "35", "B": "25", "C": "35"}


def test_star_markers_become_cumulative_gates():
    gates = {(g["stars"], g["criterion"], g["min_option"]) for g in SHEETS["26-01"]["gates"]}
    assert {(5, "1.3", "c"), (4, "1.5", "c"), (5, "1.5", "d"), (4, "1.6", "a"), (4, "2.1", "c"), (3, "2.2", "c"),
            (3, "2.3", "a"), (4, "2.3", "c"), (3, "4.1", "b"), (4, "4.1", "c"), (5, "4.1", "d"), (3, "10", "a"),
            (4, "10", "b")} <= gates
    assert len(SHEETS["26-01"]["gates"]) == 22
    sheet = build(SHEETS["26-01"])
    top = {c.code: c.options[-1].code for c in sheet.criteria}
    # everything at the top but ISO/HACCP (10 a, the 3★ minimum only): 96 points, the 4★ minimum holds it at 3★,
    # and it holds for 5★ too (cumulative), though 10 has no 5★ marker of its own
    result = engine.score(sheet, {**top, "10": "a"})
    assert result.total == Decimal("96.00") and result.band_stars == 5 and result.stars == 3
    assert {(g.stars, g.criterion) for g in result.gates_failed} == {(4, "10")}
    # a 3★ minimum missed (packaging 2.2 b): not even 3★, whatever the points
    result = engine.score(sheet, {**top, "2.2": "b"})
    assert result.total == Decimal("98.00") and result.stars == 2


def test_knockouts_of_the_sheet_and_of_criteria():
    assert [(k["code"], k["text"], k["criterion"]) for k in SHEETS["26-01"]["knockouts"]] == [
        ("K1", "Giả mạo hồ sơ", ""),
        ("K2", "không tuân thủ đầy đủ các quy định về giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm theo quy định", ""),
        ("K3", "không đáp ứng về hồ sơ đăng ký theo quy định", "")]
    assert SHEETS["26-01"]["knockout_heading"] == "Hồ sơ bị loại khi"
    assert {"code": "K4", "text": "Bị loại nếu sử dụng toàn bộ nguyên liệu nhập khẩu hoặc không rõ nguồn gốc",
            "criterion": "1.1"} in SHEETS["26-07"]["knockouts"]
    assert {"code": "K3", "text": "Bị loại nếu sản phẩm vi phạm sở hữu trí tuệ", "criterion": "6.2"} in SHEETS["26-21"]["knockouts"]
    assert criterion("26-21", "6.2")["options"][-1]["text"] == "Phong cách độc đáo riêng, thể hiện trí tuệ địa phương"
    assert SHEETS["26-15"]["knockouts"][2]["text"] == "không có giấy phép sản xuất theo quy định"
    assert "thiếu chữ «không có»" in SHEETS["26-17"]["knockouts"][2]["text_note"]
    assert SHEETS["26-26"]["knockouts"] == []
    sheet = build(SHEETS["26-07"])
    result = engine.score(sheet, {}, partial=True, knockouts=["K4"])
    assert result.stars is None and result.next_star is None
    assert result.as_dict()["disqualified"] == [{"code": "K4", "text": SHEETS["26-07"]["knockouts"][3]["text"],
                                                 "criterion": "1.1"}]
    with pytest.raises(engine.AnswerError) as err:
        engine.score(sheet, {}, partial=True, knockouts=["K9"])
    assert err.value.kind == "unknown_knockout" and err.value.item == "K9"


def test_every_option_has_an_effort_class_and_every_criterion_evidence():
    for sheet in SHEETS.values():
        for section in sheet["sections"]:
            for c in section["criteria"]:
                assert c["evidence"], (sheet["code"], c["code"])
                assert all(o["effort"] in (1, 2, 3) for o in c["options"]), (sheet["code"], c["code"])
                assert c["options"][0]["effort"] == 1, "the lowest option is where a product starts"
    assert [o["effort"] for o in criterion("26-01", "10")["options"]] == [1, 3, 3], "ISO/HACCP is a certification"
    assert [o["effort"] for o in criterion("26-01", "2.3")["options"]] == [1, 1, 2], "a label; e-traceability takes weeks"
    assert [o["effort"] for o in criterion("26-01", "1.2")["options"]] == [1, 3, 3], "VietGAP, GlobalGAP"
    assert criterion("26-01", "12")["options"][2]["effort"] == 3, "export"
    assert "Danh sách lao động đóng bảo hiểm" in criterion("26-01", "3.3")["evidence"]
    assert "Sản phẩm mẫu" in criterion("26-01", "6.3")["evidence"]
    assert "Khảo sát thực tế" in criterion("26-26", "6")["evidence"]


# (sheet, where, kind, figure): the places where the printed text is inconsistent.
RECORDED = {
    ("26-04", ("criterion", "7"), "options_max", "13"),
    ("26-07", ("criterion", "3.1"), "equal_points", "1, 1, 3"),
    ("26-11", ("criterion", "6.1.1"), "options_max", "11"),
    ("26-11", ("criterion", "6.1.1"), "order", "0, 11, 2"),
    ("26-23", ("criterion", "6.2"), "equal_points", "1, 1, 3, 5"),
    ("26-26", ("part", "A"), "part_title", "35"),
} | {(f"26-{n:02d}", ("criterion", "2.4"), "no_options", "0") for n in range(1, 21)} | {
    ("26-21", ("criterion", "2.3"), "no_options", "0"), ("26-22", ("criterion", "2.3"), "no_options", "0")}


def _records(sheet: dict):
    yield from ((("sheet",), r) for r in sheet.get("inconsistency", []))
    yield from ((("part", p["code"]), r) for p in sheet["parts"] for r in p.get("inconsistency", []))
    for section in sheet["sections"]:
        yield from ((("section", section["code"]), r) for r in section.get("inconsistency", []))
        yield from ((("criterion", c["code"]), r) for c in section["criteria"] for r in c.get("inconsistency", []))


def test_the_inconsistencies_of_the_printed_text_are_recorded_where_they_are():
    found = {(code, where, r["kind"], r["found"]) for code, sheet in SHEETS.items() for where, r in _records(sheet)}
    assert found == RECORDED
    notes = Path(__file__).resolve().parents[2] / "docs" / "criteria-26-2026-notes.md"
    listed = notes.read_text(encoding="utf-8")
    for code, where, kind, figure in RECORDED - {r for r in RECORDED if r[2] == "no_options"}:
        assert f"{code} {where[1]}" in listed and figure in listed, (code, where, kind)
    # the printed numbers are kept, the count never goes above the printed maximum
    tea = build(SHEETS["26-11"]).by_code["6.1.1"]
    assert [o.points for o in tea.options] == [0, 11, 2] and tea.scored == (0, 2, 2)
    assert not tea.meets(tea.index["b"], tea.index["c"]), "«very few impurities» does not reach the 4★ «clean»"


def test_the_validator_accepts_a_recorded_inconsistency_but_catches_a_typo():
    sheet = copy.deepcopy(SHEETS["26-04"])
    assert problems_of(sheet) == []
    nutrition = next(c for s in sheet["sections"] for c in s["criteria"] if c["code"] == "7")
    nutrition["options"][2]["points"] = "12"  # a slip: no longer the printed 13
    assert any("7" in p and "12" in p and "3" in p for p in validate(sheet))
    nutrition["options"][2]["points"] = "13"
    del nutrition["inconsistency"]  # the printed 13 without its record
    assert any("13" in p for p in validate(sheet))
    # an unrecorded slip elsewhere on an official sheet is caught, with the sums
    other = copy.deepcopy(SHEETS["26-04"])
    next(c for s in other["sections"] for c in s["criteria"] if c["code"] == "1.1")["options"][-1]["points"] = "4"
    assert any("1.1" in p and "4" in p for p in validate(other))
    # a record on a sheet that is not official waives nothing
    reconstructed = copy.deepcopy(SHEETS["26-26"])
    reconstructed["official"] = False
    assert any("35" in p for p in validate(reconstructed))


def test_unanswered_criteria_count_as_their_lowest_option_and_the_advice_aims_at_3_stars():
    sheet = build(SHEETS["26-01"])
    result = engine.score(sheet, {}, partial=True)
    assert result.total == Decimal("15.00") and len(result.unanswered) == len(sheet.criteria)
    assert result.next_star.stars == 3 and result.next_star.points_needed == Decimal("35.00")
    improved = {c.criterion: c.option for c in result.next_star.changes}
    assert engine.score(sheet, improved, partial=True).stars >= 3
    # 2★ already (30 points): still aims at 3★
    two = engine.score(sheet, {"4.3": "e", "5.1": "e", "5.3": "d"}, partial=True)
    assert two.stars == 2 and two.next_star.stars == 3


def test_case_criteria_move_within_the_case_answered():
    sheet = build(SHEETS["26-26"])
    criterion_8 = sheet.by_code["8"]
    assert criterion_8.upward(criterion_8.index["c"], answered=True) == [criterion_8.index["d"]]
    assert criterion_8.upward(criterion_8.index["a"], answered=False) == [1, 2, 3]


def test_the_parser_reproduces_the_data_from_the_text():
    if not TEXT.exists():
        pytest.skip("the text of the decision is not on this machine")
    tool = Path(__file__).resolve().parents[2] / "tools" / "qd26_sheets.py"
    run = subprocess.run([sys.executable, str(tool), str(TEXT), "--check"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def test_the_set_file_holds_no_dates_or_bands():
    for path in sorted(DATA_DIR.glob("*.json")):
        meta = json.loads(path.read_text(encoding="utf-8"))["set"]
        assert not {"bands", "in_force_from", "in_force_to", "decision_date"} & set(meta), path.name
