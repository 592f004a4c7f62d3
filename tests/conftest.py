import datetime as dt
import io
import os
import shutil
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.core.management.color import no_style
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
#
# The demo register is made the same way: load_demo() runs once per session in a transaction that
# is rolled back, and the `demo` fixture inserts its rows in bulk into the test's own database.

_RECREATED_BY_DJANGO = {"contenttypes.ContentType", "auth.Permission"}


@dataclass
class TableRows:
    table: str  # quoted
    insert: str  # INSERT INTO table (columns) VALUES
    width: int
    rows: list[tuple]  # values ready for the database


def _table_rows(using="default", skip=frozenset()) -> list[TableRows]:
    """Every row of every table (but content types, permissions and the tables in `skip`)."""
    connection, quote = connections[using], connections[using].ops.quote_name
    found = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.label in _RECREATED_BY_DJANGO or quote(meta.db_table) in skip:
            continue
        fields = [f for f in meta.concrete_fields if not getattr(f, "generated", False)]
        rows = [tuple(f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields)
                for obj in model._base_manager.using(using).order_by("pk")]
        if rows:
            insert = f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) VALUES "
            found.append(TableRows(quote(meta.db_table), insert, len(fields), rows))
    return found


def _empty(cursor, table: str) -> bool:
    cursor.execute(f"SELECT 1 FROM {table} LIMIT 1")
    return cursor.fetchone() is None


def _insert(tables: list[TableRows], using="default", only_into_empty=True) -> None:
    """Many rows per INSERT statement (as many as the database takes parameters)."""
    connection = connections[using]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for t in tables:
            if only_into_empty and not _empty(cursor, t.table):
                continue
            batch = max(1, min(1000, (connection.features.max_query_params or 999) // t.width))
            for start in range(0, len(t.rows), batch):
                chunk = t.rows[start:start + batch]
                values = ", ".join(["(" + ", ".join(["%s"] * t.width) + ")"] * len(chunk))
                cursor.execute(t.insert + values, [value for row in chunk for value in row])


def _sequences_past_the_rows(using="default") -> None:
    """Rows inserted with their ids leave PostgreSQL's sequences behind (a flush may also have restarted them):
    move every sequence past the highest id, so the next row a test writes gets a free id."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


_reference: list[TableRows] = []


def _reference_restore(sender=None, using="default", **kwargs) -> None:
    _insert(_reference, using)
    _sequences_past_the_rows(using)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        _reference[:] = _table_rows()
    post_migrate.connect(_reference_restore, sender=apps.get_app_config("places"), weak=False,
                         dispatch_uid="tests-reference-restore")
    yield
    post_migrate.disconnect(dispatch_uid="tests-reference-restore", sender=apps.get_app_config("places"))


@pytest.fixture(scope="session")
def _demo_rows(django_db_setup, django_db_blocker) -> list[TableRows]:
    from ocop.demo.register import load_demo

    skip = frozenset(t.table for t in _reference)
    with django_db_blocker.unblock(), transaction.atomic():
        assert not _table_rows(skip=skip), "the database should hold only the reference map here"
        assert load_demo() is True
        rows = _table_rows(skip=skip)
        transaction.set_rollback(True)
    return rows


@pytest.fixture
def demo(_demo_rows, db):
    """The demo register (ocop.demo.register.load_demo), in bulk. Ask for it before any fixture that
    writes records: its rows keep the ids they were made with."""
    with connections["default"].cursor() as cursor:
        taken = [t.table for t in _demo_rows if not _empty(cursor, t.table)]
    assert not taken, f"ask for `demo` before the fixtures that write to {taken}"
    _insert(_demo_rows, only_into_empty=False)
    _sequences_past_the_rows()


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
    # A Vietnamese phone: pages follow the browser's language on a first visit (Accept-Language).
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
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
    """One user per role; password 'pw' for all. The provincial office accounts may sign decisions (they stand
    for the provincial chair in revocations); `province_clerk` is a Cà Mau officer who may not."""
    made = {}
    ca_mau_producer = make_producer(province, name="Công ty TNHH Phúc Thịnh", legal_form=LegalForm.ENTERPRISE)
    specs = {
        "central": dict(role=Role.CENTRAL),
        "province": dict(role=Role.PROVINCE, province=province, may_sign_decisions=True),
        "other_province": dict(role=Role.PROVINCE, province=other_province, may_sign_decisions=True),
        "province_clerk": dict(role=Role.PROVINCE, province=province),
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


@pytest.fixture(autouse=True)
def _site_language():
    """Every test starts in the site's language (Vietnamese): a request in English earlier in the same process
    must not leak its language into a test that reads labels."""
    from django.conf import settings
    from django.utils import translation

    from ocop.certificates.answers import memo
    from ocop.core.clients import local_counts

    translation.activate(settings.LANGUAGE_CODE)
    local_counts.forget()  # and with no rate-limit count of an earlier test held in this process,
    memo.clear()  # nor a verification answer read by an earlier test
    yield
    translation.activate(settings.LANGUAGE_CODE)
