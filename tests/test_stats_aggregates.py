"""The counts kept ready (ocop.stats.aggregates) always equal a direct count over the recognitions: after
imports, decisions, revocations, extensions, edits, deletions, upgrades and the calendar moving on."""

import datetime as dt
import json
from pathlib import Path
from unittest import mock

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ocop.accounts.models import Role, User
from ocop.certificates.models import Certificate
from ocop.producers.models import LegalForm
from ocop.places.models import Commune, LegacyProvince, Province
from ocop.recognitions.filters import RegisterFilter, filtered_recognitions
from ocop.recognitions.models import Recognition, RevocationGround
from ocop.recognitions.services import recognition_extend, recognition_revoke, recognitions_write
from ocop.stats import aggregates, counts
from ocop.stats.models import StatsCell, StatsProductFacts, StatsState
from ocop.stats.selectors import direct_counts
from ocop.taxonomy.models import ProductGroup

from .conftest import make_producer, make_product, recognise

pytestmark = pytest.mark.django_db

GROUPS = ["1048-1", "1048-1.3.5", "1048-2", "148-1", "148-1.1", "148-2", "26-1", "26-1.3.4", "26-2", "26-5"]
FILTERS = [dict(), dict(province="96"), dict(year=2022), dict(year=2024), dict(stars=3), dict(stars=4),
           dict(status="in_force"), dict(status="expired"), dict(status="superseded"), dict(status="revoked"),
           dict(group="26-1"), dict(group="148-1"), dict(group="1048-1"), dict(group="148-1.1"),
           dict(group="26-1", status="in_force"), dict(province="92", stars=4, status="in_force"),
           dict(group="148-2", year=2024), dict(province="96", year=2022, stars=3, status="expired", group="26-1"),
           dict(province="96", status="in_force"), dict(province="96", stars=3)]
# the catalogue's filters with a province: its counts per commune are read from the commune cells
COMMUNE_CELL_FILTERS = [dict(province="96"), dict(province="92", stars=4, status="in_force"),
                        dict(province="96", status="in_force"), dict(province="96", stars=3)]


def _plain(c):
    return (c.products, c.producers, c.recognitions,
            {key: {k: v for k, v in values.items() if v} for key, values in c.by.items()})


def direct_facets(f: RegisterFilter, today) -> dict:
    """The catalogue's counts per filter value, counted over the recognitions (each facet without its filter)."""
    from ocop.catalogue.selectors import _top_groups, _without
    from ocop.recognitions.models import status_q

    tops = {pk: code for code, ids in _top_groups().items() for pk in ids}

    def per(without, key, to=lambda v: v):
        found: dict = {}
        for value, product in filtered_recognitions(_without(f, *without), today).values_list(key, "product_id"):
            if to(value) not in (None, ""):
                found.setdefault(to(value), set()).add(product)
        return {value: len(products) for value, products in found.items()}

    live = filtered_recognitions(_without(f, "status"), today).filter(status_q("in_force", today))
    return {"province": per(("province", "commune"), "province_id"), "stars": per(("stars",), "stars"),
            "group": per(("group",), "group_id", tops.get),
            "in_force": len(set(live.values_list("product_id", flat=True)))}


def direct_communes(f: RegisterFilter, today) -> dict:
    """Products per commune of their producer (None: not recorded), counted over the recognitions matching `f`."""
    found: dict = {}
    for commune, product in filtered_recognitions(f, today).values_list("product__producer__commune_id", "product_id"):
        found.setdefault(commune, set()).add(product)
    return {commune: len(products) for commune, products in found.items()}


def assert_counts_match(today):
    from ocop.taxonomy.models import CriteriaVersion

    assert aggregates.as_of() == today
    newest = CriteriaVersion.objects.order_by("-in_force_from").values_list("code", flat=True).first()
    for kw in FILTERS:
        f = RegisterFilter(**kw)
        assert _plain(counts.counts(f)) == _plain(direct_counts(f, today)), kw
        # the catalogue's counts per filter value (PostgreSQL reads three of them in one pass without filters)
        facets = counts.facet_counts(f, newest)
        # the catalogue's pages list the same products as a direct look-up (status=in_force reads the facts' flag)
        direct = set(filtered_recognitions(f).values_list("product_id", flat=True))
        if "products" in facets:  # the page's count, read in the same pass (no province, stars or status filter)
            assert facets.pop("products") == len(direct), kw
        assert facets == direct_facets(f, today), kw
        communes = counts.commune_counts(f)
        assert (communes is not None) == (kw in COMMUNE_CELL_FILTERS), kw  # the others are counted directly
        if communes is not None:
            assert communes == direct_communes(f, today), kw
        assert set(counts.ordered_product_ids(f, "relevance")) == direct, kw
        for sort in counts.ORDERS:  # a page read along the order's index or from the matches sorted: the same page
            ordered = counts.ordered_product_ids(f, sort)
            if isinstance(ordered, counts.FilteredOrder):
                everything = list(ordered._queryset(along_index=False))
                assert list(ordered._queryset(along_index=True)) == everything, (kw, sort)
                assert list(ordered[1:4]) == everything[1:4], (kw, sort)
                if f.province and sort in counts.LEADS:  # through the province's stretch, with those recorded there
                    # whose producer is elsewhere (the steps record recognitions in either province): the same order
                    assert [row[-1] for row in ordered._in_province()] == everything, (kw, sort)
                    # a page's end given (PostgreSQL: each stretch ordered and cut there before the merge)
                    assert [row[-1] for row in ordered._in_province(4)[1:4]] == everything[1:4], (kw, sort)
    assert_signatures_match(today)


def direct_signatures(today) -> dict[int, str]:
    """Each recognised product's facts signature, from its recognitions: the values of its one recognition, or ""."""
    by_product: dict[int, list] = {}
    for rec in Recognition.objects.select_related("product__producer"):
        by_product.setdefault(rec.product_id, []).append(rec)
    return {pk: aggregates.signature(recs[0].province_id, recs[0].product.producer.commune_id,
                                     recs[0].decision_date.year, recs[0].group_id, recs[0].stars,
                                     recs[0].status_on(today)) if len(recs) == 1 else ""
            for pk, recs in by_product.items()}


def assert_signatures_match(today):
    """What the catalogue counts a search's matches from (a product with one recognition: its filter values)."""
    assert dict(StatsProductFacts.objects.values_list("product_id", "signature")) == direct_signatures(today)


class Register:
    """A small register on which the steps act, with a clock the steps move."""

    def __init__(self, today):
        self.today = today
        self.provinces = [Province.objects.get(code="96"), Province.objects.get(code="92")]
        self.central = User.objects.create_user(username="tw", password="pw", role=Role.CENTRAL)
        self.producers = [make_producer(p, name=f"HTX {i}") for i, p in enumerate(self.provinces * 2)]
        self.communes = list(Commune.objects.filter(province__code="96").order_by("code")[:2])
        self.products = []
        self.seq = 0

    def product(self, data):
        if self.products and data.draw(st.booleans()):
            return data.draw(st.sampled_from(self.products))
        producer = data.draw(st.sampled_from(self.producers))
        self.products.append(make_product(producer, name=f"Sản phẩm {len(self.products)}"))
        return self.products[-1]

    def recognition(self, data, product, *, stars=None, day=None):
        self.seq += 1
        group = ProductGroup.objects.get(code=data.draw(st.sampled_from(GROUPS)))
        day = day or self.today - dt.timedelta(days=data.draw(st.integers(1, 2500)))
        legacy = LegacyProvince.objects.get(code="95") if data.draw(st.integers(0, 5)) == 0 else None
        return dict(product=product, stars=stars or data.draw(st.sampled_from([3, 4, 5])), criteria_version=group.version,
                    group=group, decision_number=f"{self.seq}/QĐ", decision_date=day,
                    province=data.draw(st.sampled_from(self.provinces)), legacy_province=legacy)

    def step(self, data, kind):
        if kind == "import":
            recognitions_write(new=[Recognition(**self.recognition(data, self.product(data)))
                                    for _ in range(data.draw(st.integers(1, 4)))])
        elif kind == "decision":
            recognise(self.product(data), **_recognise_kw(self.recognition(data, None)))
        elif kind == "upgrade" and self.products:
            product = data.draw(st.sampled_from(self.products))
            latest = product.recognitions.order_by("-decision_date").first()
            if latest is not None and latest.stars < 5 and latest.decision_date < self.today - dt.timedelta(days=2):
                day = latest.decision_date + dt.timedelta(days=data.draw(st.integers(1, (self.today - latest.decision_date).days - 1)))
                recognise(product, **_recognise_kw(self.recognition(data, product, stars=latest.stars + 1, day=day)))
        elif kind in ("revoke", "extend", "delete"):
            live = list(Recognition.objects.filter(revoked_at__isnull=True, superseded_by__isnull=True).order_by("pk"))
            if live:
                rec = data.draw(st.sampled_from(live))
                if kind == "revoke":
                    recognition_revoke(recognition=rec, on=max(rec.decision_date, self.today - dt.timedelta(days=3)),
                                       ground=RevocationGround.OTHER, reason="Kết luận", decision="1/QĐ-TH",
                                       found_on=None, user=self.central)
                elif kind == "extend":
                    recognition_extend(recognition=rec, until=rec.valid_until + dt.timedelta(days=data.draw(st.integers(1, 180))))
                else:
                    Certificate.objects.filter(recognition=rec).delete()
                    rec.delete()
        elif kind == "legal_form":
            producer = data.draw(st.sampled_from(self.producers))
            producer.legal_form = data.draw(st.sampled_from(LegalForm.values + [""]))
            producer.commune = data.draw(st.sampled_from([None, *self.communes]))  # what a search counts per commune
            producer.save()
        elif kind == "time":
            self.today += dt.timedelta(days=data.draw(st.integers(1, 800)))
            aggregates.catch_up(self.today)  # the daily task


def _recognise_kw(kw):
    return dict(stars=kw["stars"], day=kw["decision_date"], number=kw["decision_number"], group_code=kw["group"].code,
                legacy_province=kw["legacy_province"])


STEPS = st.lists(st.sampled_from(["import", "decision", "upgrade", "revoke", "extend", "legal_form", "time", "delete"]),
                 min_size=1, max_size=8)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(steps=STEPS, data=st.data())
def test_aggregates_equal_direct_counts_over_random_histories(db, steps, data):
    start = timezone.localdate()
    with transaction.atomic():
        register = Register(start)
        with mock.patch("django.utils.timezone.localdate", lambda *a, **k: register.today):
            aggregates.rebuild(register.today)
            for kind in steps:
                register.step(data, kind)
                assert_counts_match(register.today)
        transaction.set_rollback(True)


def test_a_product_moved_to_another_producer_and_a_deleted_product_leave_no_trace(province, other_province):
    a, b = make_producer(province, name="HTX A"), make_producer(other_province, name="HTX B")
    product = make_product(a)
    recognise(product, stars=3, day=dt.date(2023, 2, 1))
    recognise(make_product(a, name="Trà"), stars=4, day=dt.date(2024, 2, 1))
    today = timezone.localdate()
    assert_counts_match(today)
    product.producer = b
    product.save()
    assert_counts_match(today)
    assert counts.counts(RegisterFilter()).producers == 2
    Certificate.objects.filter(recognition__product=product).delete()
    Recognition.objects.filter(product=product).delete()
    assert_counts_match(today)
    assert counts.counts(RegisterFilter()).products == 1


def test_the_daily_task_follows_expiry_reading_only_the_products_that_changed(province):
    product = make_product(make_producer(province))
    today = timezone.localdate()
    rec = recognise(product, stars=4, day=today - dt.timedelta(days=30), valid_until=today + dt.timedelta(days=10))
    recognise(make_product(product.producer, name="Trà"), stars=3, day=today - dt.timedelta(days=10))
    assert counts.counts(RegisterFilter(status="in_force")).products == 2
    later = rec.valid_until + dt.timedelta(days=1)
    assert aggregates.catch_up(later) == 1, "only the product whose recognition expired is recounted"
    with mock.patch("django.utils.timezone.localdate", lambda *a, **k: later):
        assert counts.counts(RegisterFilter(status="expired")).products == 1
        assert_counts_match(later)


def test_a_stale_day_is_brought_forward_by_the_first_reader(province):
    recognise(make_product(make_producer(province)), stars=3, day=dt.date(2022, 1, 5))
    StatsState.objects.update(as_of=timezone.localdate() - dt.timedelta(days=3))
    assert counts.ready()
    assert aggregates.as_of() == timezone.localdate()
    assert_counts_match(timezone.localdate())


def test_the_counts_are_read_from_a_bounded_number_of_cells(province):
    producer = make_producer(province)
    for i in range(30):
        recognise(make_product(producer, name=f"Sản phẩm {i}"), stars=3, day=dt.date(2023, 3, 1 + i % 28))
    cell = StatsCell.objects.get(variant="")
    assert (cell.n, cell.p0, cell.q0) == (30, 30, 1), "thirty alike recognitions: one cell, 30 products, 1 producer"


# -- the statistics API answers as before --------------------------------------------------------------------

SNAPSHOT = Path(__file__).parent / "data" / "stats_demo_2026-11-24.json"


def _ties_sorted(body):
    """by_legal_form's ties came in the order the products were read; now in the order of the legal forms."""
    order = {code: i for i, code in enumerate(LegalForm.values + ["unknown"])}
    if "by_legal_form" not in body:
        return body  # a refused filter: the same message
    return {**body, "by_legal_form": sorted(body["by_legal_form"], key=lambda x: (-x["count"], order[x["code"]]))}


def test_the_stats_api_returns_the_same_json_as_before_for_the_demo_data(demo, client):
    snapshot = json.loads(SNAPSHOT.read_text())
    day = dt.date.fromisoformat(snapshot["today"])
    with mock.patch("django.utils.timezone.localdate", lambda *a, **k: day):
        for key, expected in snapshot["responses"].items():
            lang, query = key[:2], key[2:]
            body = client.get("/api/v1/stats" + query, HTTP_ACCEPT_LANGUAGE=lang).json()
            assert _ties_sorted(body) == _ties_sorted(expected), key
        assert aggregates.as_of() == day, "read from the counts kept ready"


def test_the_migration_fills_the_signatures_that_the_write_path_writes(province):
    import importlib

    from django.apps import apps

    producer = make_producer(province, name="HTX Tân Lộc")
    producer.commune = Commune.objects.filter(province=province).order_by("code").first()
    producer.save()
    once = recognise(make_product(producer, name="Mật ong"), stars=4, day=dt.date(2025, 3, 1))
    twice = make_product(producer, name="Khô cá")
    recognise(twice, stars=3, day=dt.date(2022, 5, 1))
    recognise(twice, stars=4, day=dt.date(2024, 5, 1))
    written = dict(StatsProductFacts.objects.values_list("product_id", "signature"))
    assert written == {once.product_id: f"96|4|{once.group_id}|in_force|2025|{producer.commune_id}", twice.pk: ""}
    StatsProductFacts.objects.update(signature="")
    from types import SimpleNamespace

    from django.db import connection

    migration = importlib.import_module("ocop.stats.migrations.0005_product_facts_signature")
    migration.fill(apps, SimpleNamespace(connection=connection))
    assert dict(StatsProductFacts.objects.values_list("product_id", "signature")) == written


def test_a_signature_reads_back_whole_or_short():
    text = aggregates.signature("96", "32005", 2025, 17, 4, "in_force")
    assert aggregates.parse_signature(text) == ("96", "32005", 2025, 17, 4, "in_force")
    assert aggregates.parse_signature(aggregates.short_signature(text)) == ("96", "", None, 17, 4, "in_force")
    other = aggregates.signature("01", None, 2019, 3, 3, "expired")
    assert aggregates.short_signatures([text, "", other]) == [aggregates.short_signature(text), "",
                                                              aggregates.short_signature(other)]
    assert aggregates.parse_signature(aggregates.signature("01", None, 2019, 3, 3, "expired"))[1] == ""


def test_the_migration_counts_the_communes_that_the_write_path_counts(province):
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    from ocop.stats.models import StatsCommuneCell

    communes = list(Commune.objects.filter(province=province).order_by("code")[:2])
    first, second, nowhere = (make_producer(province, name=name) for name in ("HTX Tân Lộc", "HTX Hòa An", "HTX Khác"))
    for producer, commune in ((first, communes[0]), (second, communes[1]), (nowhere, None)):
        producer.commune = commune
        producer.save()
    recognise(make_product(first, name="Mật ong"), stars=4, day=dt.date(2025, 3, 1))
    twice = make_product(second, name="Khô cá")
    recognise(twice, stars=3, day=dt.date(2022, 5, 1))
    recognise(twice, stars=4, day=dt.date(2024, 5, 1))
    recognise(make_product(nowhere, name="Trà"), stars=3, day=dt.date(2021, 5, 1))
    columns = ("province", "commune", "stars", "in_force", "n", "p1", "p5", "p9", "p13")
    written = sorted(StatsCommuneCell.objects.values_list(*columns))
    facts = dict(StatsProductFacts.objects.values_list("product_id", "commune"))
    assert sorted(facts.values()) == sorted(["", communes[0].code, communes[1].code])
    assert {row[1] for row in written} == {communes[0].code, communes[1].code, ""}
    f = RegisterFilter(province="96")
    assert counts.commune_counts(f) == {communes[0].code: 1, communes[1].code: 1, None: 1}
    assert counts.commune_counts(RegisterFilter(province="96", stars=4)) == {communes[0].code: 1, communes[1].code: 1}
    StatsCommuneCell.objects.all().delete()
    StatsProductFacts.objects.update(commune="")
    migration = importlib.import_module("ocop.stats.migrations.0008_commune_cells")
    migration.fill(apps, SimpleNamespace(connection=connection))
    assert sorted(StatsCommuneCell.objects.values_list(*columns)) == written
    assert dict(StatsProductFacts.objects.values_list("product_id", "commune")) == facts


def test_a_product_recorded_outside_its_producers_province_is_listed_in_order_with_that_province(
        province, other_province):
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    here, there = make_producer(province, name="HTX Tân Lộc"), make_producer(other_province, name="HTX Cần Thơ")
    honey, fish = make_product(here, name="Mật ong"), make_product(here, name="Khô cá")
    recognise(honey, stars=4, day=dt.date(2025, 3, 1))
    recognise(fish, stars=3, day=dt.date(2019, 3, 1))  # expired: after the products in force
    moved = make_product(there, name="Bánh phồng tôm")
    group = moved.group
    recognitions_write(new=[Recognition(product=moved, stars=3, criteria_version=group.version, group=group,
                                        decision_number="7/QĐ", decision_date=dt.date(2024, 6, 1), province=province)])
    elsewhere = dict(StatsProductFacts.objects.values_list("product_id", "elsewhere"))
    assert elsewhere == {honey.pk: False, fish.pk: False, moved.pk: True}
    for sort in counts.LEADS:
        ordered = counts.FilteredOrder(RegisterFilter(province="96"), sort)
        walked = [row[-1] for row in ordered._in_province()]
        assert walked == list(ordered._queryset(along_index=False)), sort
        assert set(walked) == {honey.pk, fish.pk, moved.pk}
        assert list(ordered[0:3]) == walked, sort  # whichever way the page takes
        assert [row[-1] for row in ordered._in_province(2)[:2]] == walked[:2], sort
    assert [row[-1] for row in counts.FilteredOrder(RegisterFilter(province="92"), "relevance")._in_province()] == []
    StatsProductFacts.objects.update(elsewhere=False)
    importlib.import_module("ocop.stats.migrations.0009_facts_elsewhere").fill(apps, SimpleNamespace(connection=connection))
    assert dict(StatsProductFacts.objects.values_list("product_id", "elsewhere")) == elsewhere
