import datetime as dt
import io

import pytest
from openpyxl import Workbook

from ocop.accounts.models import ApiToken, Role, User
from ocop.places.models import Commune, Province
from ocop.producers.models import LegalForm, Producer, Product
from ocop.recognitions.services import recognition_record
from ocop.taxonomy.models import CriteriaVersion, ProductGroup

HEADERS = ["Tên sản phẩm", "Chủ thể", "Loại hình chủ thể", "Mã số thuế", "Xã/Phường", "Tỉnh/Thành phố", "Nhóm sản phẩm",
           "Số sao", "Điểm", "Số quyết định", "Ngày quyết định", "Ngày hết hạn"]


GOOD_ROWS = [
    ["Khô cá dứa Rạch Gốc", "HTX Thủy sản Rạch Gốc", "Hợp tác xã", "2001234567", "", "Cà Mau", "Thực phẩm", 3, 62.5,
     "1234/QĐ-UBND", "15/06/2021", None],
    ["Mật ong rừng U Minh", "Cơ sở Ba Thưa", "Hộ kinh doanh", None, None, "Tỉnh Cà Mau", "Thực phẩm", "4 sao", "75,5",
     "88/QĐ-UBND", dt.datetime(2021, 9, 1), None],
    ["Rượu hoa hồng", "Cơ sở Ba Thưa", None, None, None, "Bạc Liêu", "Đồ uống", "3★", None, "2001/QĐ-UBND", "2021-10-20",
     "20/10/2024"],
    ["Khăn rằn", "Tổ hợp tác dệt Tân Hưng", None, None, None, "Cà Mau", "Vải và may mặc", 3, None, "55/QĐ-UBND",
     "01/12/2021", None],
    ["Trà mãng cầu", "Công ty TNHH Phúc Thịnh", "Doanh nghiệp", "0101234567", None, "Cà Mau", "Đồ uống", 4, 80,
     "301/QĐ-UBND", "10/05/2024", None],
]


def xlsx_bytes(rows, headers=HEADERS, title=None) -> bytes:
    wb = Workbook()
    ws = wb.active
    if title:
        ws.append([title])
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, headers=HEADERS) -> bytes:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if c is None else c for c in row])
    return buffer.getvalue().encode("utf-8")


@pytest.fixture
def province():
    return Province.objects.get(code="96")  # Cà Mau


@pytest.fixture
def other_province():
    return Province.objects.get(code="92")  # Cần Thơ


@pytest.fixture
def v2023():
    return CriteriaVersion.objects.get(code="148-2023")


@pytest.fixture
def v2019():
    return CriteriaVersion.objects.get(code="1048-2019")


def make_producer(province, name="HTX Nông nghiệp Tân Lộc", **kw):
    kw.setdefault("legal_form", LegalForm.COOPERATIVE)
    kw.setdefault("phone", "0900000001")
    kw.setdefault("email", "htx@example.vn")
    kw.setdefault("commune", Commune.objects.filter(province=province).order_by("code").first())
    return Producer.objects.create(name=name, province=province, **kw)


def make_product(producer, name="Mật ong rừng", group_code="148-1", **kw):
    return Product.objects.create(producer=producer, name=name, group=ProductGroup.objects.get(code=group_code), **kw)


def recognise(product, stars=3, day=dt.date(2024, 5, 10), number=None, group_code=None, **kw):
    group = ProductGroup.objects.get(code=group_code) if group_code else product.group
    return recognition_record(
        product=product, stars=stars, criteria_version=group.version, group=group,
        decision_number=number or f"{product.pk}-{day.isoformat()}/QĐ-UBND", decision_date=day,
        province=product.producer.province, **kw,
    )


@pytest.fixture
def users(db, province, other_province):
    """One user per role; password 'pw' for all."""
    made = {}
    ca_mau_producer = make_producer(province, name="Công ty TNHH Phúc Thịnh", legal_form=LegalForm.ENTERPRISE)
    specs = {
        "central": dict(role=Role.CENTRAL),
        "province": dict(role=Role.PROVINCE, province=province),
        "other_province": dict(role=Role.PROVINCE, province=other_province),
        "commune": dict(role=Role.COMMUNE),
        "producer": dict(role=Role.PRODUCER, producer=ca_mau_producer),
        "nobody": dict(),
    }
    for name, fields in specs.items():
        user = User.objects.create_user(username=name, email=f"{name}@example.vn", password="pw", **fields)
        made[name] = user
    made["commune"].communes.add(ca_mau_producer.commune)
    made["producer_record"] = ca_mau_producer
    return made


@pytest.fixture
def token_for():
    def issue(user):
        return ApiToken.objects.issue(user)[1]

    return issue
