"""The test set-up itself: every test, transactional or not, starts from the migrated reference map
and nothing else, whatever ran before it in the same worker (see django_db_setup in conftest)."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType

from ocop.criteria.models import Sheet
from ocop.places.models import Commune, LegacyCommune, Province
from ocop.producers.models import Producer
from ocop.taxonomy.models import ProductGroup

from .conftest import make_producer

pytestmark = pytest.mark.django_db


def reference_counts():
    return {
        "provinces": Province.objects.count(), "communes": Commune.objects.count(),
        "legacy communes with a successor": LegacyCommune.objects.filter(successor__isnull=False).count(),
        "groups": ProductGroup.objects.count(), "sheets": Sheet.objects.count(),
        "sheet groups": Sheet.groups.through.objects.count(),
    }


def assert_fresh_reference_map(province):
    counts = reference_counts()
    assert counts["provinces"] == 34 and counts["communes"] == 3321
    assert counts["legacy communes with a successor"] > 9900
    assert counts["groups"] > 90 and counts["sheets"] >= 12 and counts["sheet groups"] >= counts["sheets"]
    assert Producer.objects.count() == 0, "nothing left over from an earlier test"
    # content types and permissions are Django's own (re-created after a flush): usable as ever
    producer_type = ContentType.objects.get_for_model(Producer)
    assert Permission.objects.filter(content_type=producer_type, codename="change_producer").exists()
    make_producer(province)  # the map's foreign keys are in place


@pytest.mark.django_db
def test_a_test_in_a_transaction_sees_the_reference_map(province):
    assert_fresh_reference_map(province)


@pytest.mark.django_db(transaction=True)
def test_a_flush_puts_the_reference_map_back_at_once():
    from django.core.management import call_command

    make_producer(Province.objects.get(code="96"))
    call_command("flush", interactive=False, verbosity=0)  # what ends every transactional test
    assert Producer.objects.count() == 0
    assert_fresh_reference_map(Province.objects.get(code="96"))


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_after_another_sees_the_reference_map():
    """Runs after the test above (same module, same worker) and so after the flush that ended it."""
    assert_fresh_reference_map(Province.objects.get(code="96"))
    assert Producer.objects.count() == 1


@pytest.mark.django_db
def test_the_demo_fixture_holds_what_load_demo_writes(_demo_rows):
    """The `demo` fixture inserts the rows load_demo() wrote once in this session; here load_demo() runs
    for real and the tables come out the same (ids apart)."""
    from ocop.demo.register import load_demo

    from .conftest import _reference, _table_rows

    assert load_demo() is True
    written = _table_rows(skip=frozenset(t.table for t in _reference))
    assert {t.table: len(t.rows) for t in written} == {t.table: len(t.rows) for t in _demo_rows}
    assert sum(len(t.rows) for t in written) > 1000

