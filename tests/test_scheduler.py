"""The daily certificate work runs inside the task worker, once a day however many workers there are."""

import datetime as dt
from unittest import mock

import pytest
from django.utils import timezone

from ocop.certificates.models import Event
from ocop.core import scheduler
from ocop.core.models import DailyRun
from tests.conftest import make_producer, make_product, recognise

pytestmark = pytest.mark.django_db


def _at(day: dt.date, hour: int, minute: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, minute))


def test_the_job_waits_for_its_time_then_runs_once_that_day(province):
    today = timezone.localdate()
    product = make_product(make_producer(province))
    recognise(product, day=today - dt.timedelta(days=1100), valid_until=today - dt.timedelta(days=3))  # expired 3 days ago
    assert "certificates_daily" not in scheduler.run_due(_at(today, 0, 4))
    assert "certificates_daily" in scheduler.run_due(_at(today, 0, 6))
    assert Event.objects.filter(kind=Event.Kind.EXPIRED).count() == 1  # the task ran (immediate backend in tests)
    assert scheduler.run_due(_at(today, 13, 0)) == []
    assert DailyRun.objects.filter(job="certificates_daily").count() == 1
    assert "certificates_daily" in scheduler.run_due(_at(today + dt.timedelta(days=1), 0, 6))


FAKE_TASK = mock.Mock()
JOBS = {"demo_job": {"task": "tests.test_scheduler.FAKE_TASK", "at": "08:00"}}


@pytest.fixture
def fake_job(settings):
    settings.OCOP_DAILY_JOBS = JOBS
    FAKE_TASK.reset_mock()
    return FAKE_TASK


def test_a_second_worker_does_not_run_it_again(fake_job):
    now = _at(timezone.localdate(), 9, 0)
    first = scheduler.run_due(now)
    second = scheduler.run_due(now)  # the other worker, a minute later or at the same moment
    assert first == ["demo_job"] and second == []
    assert fake_job.enqueue.call_count == 1


def test_a_worker_that_loses_the_race_skips_quietly(fake_job):
    now = _at(timezone.localdate(), 9, 0)
    DailyRun.objects.create(job="demo_job", day=now.date())  # the other worker's row, committed in between
    with mock.patch.object(DailyRun.objects, "filter") as check:  # ...after this worker's check said "not yet"
        check.return_value.exists.return_value = False
        assert scheduler.run_due(now) == []
    assert fake_job.enqueue.call_count == 0
