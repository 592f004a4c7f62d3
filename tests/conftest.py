import datetime as dt
import io
import os
import shutil

import pytest
from django.apps import apps
from django.db import connections, transaction
from django.db.models.signals import post_migrate
from openpyxl import Workbook

from ocop.accounts.models import ApiToken, Role, User
from ocop.places.models import Commune, Province
from ocop.producers.models import LegalForm, Producer, Product
from ocop.recognitions.services import recognition_record
from ocop.taxonomy.models import CriteriaVersion, ProductGroup

# -- one test database per session (per xdist worker) ---------------------------------------------
#
# pytest-django migrates the test database once per session (per xdist worker) and runs each
# `django_db` test in a transaction rolled back afterwards, so the reference map that arrives with
# the migrations (places, taxonomy, criteria sheets) is there for every such test. Transactional
# tests (the browser tests: the live server reads through its own connection) end with a flush that
# empties every table. Instead of Django's serialized rollback (the whole database serialized to
# JSON when it is created, then saved back row by row before each of those tests: seconds each),
# the reference rows are kept in memory once and put back in a few bulk inserts right after each
# flush (the flush announces itself with post_migrate, like it does for content types and
# permissions, which Django re-creates itself).

_RECREATED_BY_DJANGO = {"contenttypes.ContentType", "auth.Permission"}
_reference: list[tuple[str, str, list[tuple]]] = []  # (table, INSERT statement, rows ready for the database)


def _reference_snapshot(using="default") -> None:
    connection, quote = connections[using], connections[using].ops.quote_name
    _reference.clear()
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.label in _RECREATED_BY_DJANGO:
            continue
        fields = [f for f in meta.concrete_fields if not getattr(f, "generated", False)]
        rows = [tuple(f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields)
                for obj in model._base_manager.using(using).order_by()]
        if rows:
            insert = (f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
                      f"VALUES ({', '.join(['%s'] * len(fields))})")
            _reference.append((quote(meta.db_table), insert, rows))


def _reference_restore(sender=None, using="default", **kwargs) -> None:
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        for table, insert, rows in _reference:
            cursor.execute(f"SELECT 1 FROM {table} LIMIT 1")
            if cursor.fetchone() is None:
                cursor.executemany(insert, rows)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        _reference_snapshot()
    post_migrate.connect(_reference_restore, sender=apps.get_app_config("places"), weak=False,
                         dispatch_uid="tests-reference-restore")
    yield
    post_migrate.disconnect(dispatch_uid="tests-reference-restore", sender=apps.get_app_config("places"))


# -- browser tests (marked `browser`): one Chromium per worker, a fresh context (cookies, storage) per test --

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    yield context.new_page()
    context.close()


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
