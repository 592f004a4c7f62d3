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
@pytest.mark.parametrize("turn", [1, 2, 3])
def test_transactional_tests_see_the_reference_map_even_after_a_flush(turn):
    """Turns 2 and 3 run after the flush that ended the turn before (in the same worker: loadfile)."""
    assert_fresh_reference_map(Province.objects.get(code="96"))
    assert Producer.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_flush_puts_the_reference_map_back_at_once():
    from django.core.management import call_command

    make_producer(Province.objects.get(code="96"))
    call_command("flush", interactive=False, verbosity=0)  # what ends every transactional test
    assert Producer.objects.count() == 0
    assert_fresh_reference_map(Province.objects.get(code="96"))
