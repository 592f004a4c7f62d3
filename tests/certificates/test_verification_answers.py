"""Precomputed verification answers (issue 17.5): ready after every write, identical to the live facts, one
indexed read per scan, recomputed when a revocation, a rename, a large import or the calendar changes them."""

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from ocop.certificates import answers, verification_log
from ocop.certificates.answers import answers_missing
from ocop.certificates.facts import certificate_queryset, facts
from ocop.certificates.models import Answer, Certificate
from ocop.certificates.revocation import certificate_revoke
from ocop.recognitions.models import RevocationGround

from ..conftest import GOOD_ROWS, make_producer, make_product, recognise, xlsx_bytes

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


@pytest.fixture
def fresh(province):
    product = make_product(make_producer(province), name="Nước mắm Phú Quốc")
    return recognise(product, stars=4, day=TODAY - dt.timedelta(days=100), number="12/QĐ-UBND").certificate


@pytest.fixture(autouse=True)
def _own_log(monkeypatch):
    """Counts kept in memory by one test never reach the next test's database."""
    monkeypatch.setattr(verification_log, "_backend", verification_log.MemoryLog())
    monkeypatch.setattr(verification_log, "_fallback", verification_log.MemoryLog())
    monkeypatch.setattr(verification_log, "_start_flusher", lambda: None)


def _live(certificate) -> dict:
    return facts(certificate_queryset().get(pk=certificate.pk))


def test_a_recognition_comes_with_its_answer_and_the_api_sends_it_in_one_read(client, fresh, settings):
    settings.OCOP_VERIFY_LOG_BATCH = 1000  # counted, not written, during the request
    answer = Answer.objects.get(certificate=fresh)
    assert answer.public_id == fresh.public_id and answer.status == "in_force"
    assert answer.stale_on == dt.date.fromisoformat(_live(fresh)["valid_until"]) + dt.timedelta(days=1)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/api/v1/verify/{fresh.public_id}")
    assert response.status_code == 200 and response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == _live(fresh)
    assert len(queries) == 1 and "certificates_answer" in queries[0]["sql"]


def test_the_page_reads_the_answer_too(client, fresh, settings):
    settings.OCOP_VERIFY_LOG_BATCH = 1000
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/v/{fresh.public_id}")
    assert response.status_code == 200 and "Nước mắm Phú Quốc" in response.content.decode()
    assert [q["sql"] for q in queries if "certificates_" in q["sql"]] == [queries[0]["sql"]]


def test_revocation_changes_the_answer_and_the_ground_follows_the_readers_language(client, users, fresh):
    certificate_revoke(certificate=fresh, ground="mark_misuse", reason="Nhãn giả", decision="5/QĐ-UBND",
                       user=users["province"])
    assert Answer.objects.get(certificate=fresh).status == "revoked"
    vi = client.get(f"/api/v1/verify/{fresh.public_id}", HTTP_ACCEPT_LANGUAGE="vi")
    en = client.get(f"/api/v1/verify/{fresh.public_id}?lang=en", HTTP_ACCEPT_LANGUAGE="en")
    assert vi.status_code == en.status_code == 410
    assert vi.json()["revoked"]["reason"] == "Nhãn giả" and vi.json()["revoked"]["ground"] == "mark_misuse"
    with translation.override("vi"):
        assert vi.json() == _live(fresh)
        label_vi = str(RevocationGround("mark_misuse").label)
    with translation.override("en"):
        assert en.json() == _live(fresh)
        label_en = str(RevocationGround("mark_misuse").label)
    assert label_vi != label_en and vi.json()["revoked"]["ground_label"] == label_vi
    assert en.json()["revoked"]["ground_label"] == label_en


def test_an_approved_rename_shows_as_now_sold_as(client, fresh):
    product = fresh.recognition.product
    product.name = "Nước mắm nhĩ Phú Quốc"
    product.save()
    data = client.get(f"/api/v1/verify/{fresh.public_id}").json()
    assert data["product"]["name"] == "Nước mắm Phú Quốc" and data["now_sold_as"]["product"] == "Nước mắm nhĩ Phú Quốc"
    assert json.loads(Answer.objects.get(certificate=fresh).body)["now_sold_as"]["product"] == "Nước mắm nhĩ Phú Quốc"


def test_an_upgrade_supersedes_the_old_answer_naming_the_new_certificate(client, fresh):
    newer = recognise(fresh.recognition.product, stars=5, day=TODAY - dt.timedelta(days=5), number="99/QĐ-BNNMT").certificate
    old = json.loads(Answer.objects.get(certificate=fresh).body)
    assert old["status"] == "superseded" and old["superseded"]["by"] == newer.public_id
    assert client.get(f"/api/v1/verify/{fresh.public_id}").json() == _live(fresh)


def test_the_calendar_the_reader_never_trusts_an_answer_past_its_day_and_the_daily_work_renews_it(fresh):
    answer = Answer.objects.get(certificate=fresh)
    day = answer.stale_on
    assert answers.read(fresh.public_id, day - dt.timedelta(days=1)) is not None
    assert answers.read(fresh.public_id, day) is None  # the reader then computes the facts live
    assert answers_missing(day) >= 1
    renewed = Answer.objects.get(certificate=fresh)
    assert renewed.status == "expired" and renewed.stale_on is None and renewed.computed_on == day
    assert answers.read(fresh.public_id, day)[1] == "expired"


def test_a_missing_answer_is_computed_live_without_writing(client, fresh, settings):
    settings.OCOP_VERIFY_LOG_BATCH = 1000
    Answer.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/api/v1/verify/{fresh.public_id}")
    assert response.status_code == 200 and response.json() == _live(fresh)
    assert not any(q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")) for q in queries)
    assert not Answer.objects.exists()


def test_a_large_write_drops_answers_at_once_and_recomputes_them_after_the_commit(settings, province,
                                                                                 django_capture_on_commit_callbacks):
    settings.OCOP_ANSWERS_SYNC_MAX = 0
    product = make_product(make_producer(province), name="Trà shan tuyết")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        certificate = recognise(product, stars=3, day=TODAY - dt.timedelta(days=10)).certificate
    assert not Answer.objects.filter(certificate=certificate).exists()
    assert answers.read(certificate.public_id, TODAY) is None  # until then the reader computes it live
    for callback in callbacks:
        callback()
    assert Answer.objects.get(certificate=certificate).status == "in_force"


def test_an_import_leaves_every_certificate_with_its_answer():
    from ocop.imports.service import register_import

    assert register_import(data=xlsx_bytes(GOOD_ROWS), filename="r.xlsx").ok
    assert Answer.objects.count() == Certificate.objects.count() == len(GOOD_ROWS)
    for answer in Answer.objects.select_related("certificate"):
        assert json.loads(answer.body) == answers._storable(_live(answer.certificate))


def test_a_process_reads_an_answer_once_and_forgets_it_when_an_answer_changes(client, users, province, settings,
                                                                              django_capture_on_commit_callbacks):
    """The memo: a second scan of the same certificate reads nothing; a revocation is seen at once by the process
    that made it, and by every other process once it looks at the shared version (a second at most)."""
    settings.OCOP_VERIFY_LOG_BATCH = 1000
    with django_capture_on_commit_callbacks(execute=True):  # committed: what is read may be kept
        product = make_product(make_producer(province), name="Nước mắm Phú Quốc")
        fresh = recognise(product, stars=4, day=TODAY - dt.timedelta(days=100), number="12/QĐ-UBND").certificate
    client.get(f"/api/v1/verify/{fresh.public_id}")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/api/v1/verify/{fresh.public_id}").status_code == 200
    assert not [q for q in queries if "certificates_" in q["sql"]]

    other = answers._Memo()  # another web process, which read the answer before the revocation
    other.get(fresh.public_id)
    other.put(fresh.public_id, ("stale",))
    assert other.get(fresh.public_id) == ("stale",)
    with django_capture_on_commit_callbacks(execute=True):
        certificate_revoke(certificate=fresh, ground="mark_misuse", reason="Nhãn giả", decision="5/QĐ-UBND",
                           user=users["province"])
    assert client.get(f"/api/v1/verify/{fresh.public_id}").status_code == 410  # this process: at once
    assert other.get(fresh.public_id) == ("stale",)  # the other: until its next look at the version
    other.checked_at -= other.CHECK_SECONDS
    assert other.get(fresh.public_id) is None


def test_the_memo_holds_at_most_its_size(settings):
    settings.OCOP_ANSWER_MEMO = 3
    memo = answers._Memo()
    for n in range(5):
        memo.put(f"ID{n}", (n,))
    assert list(memo.rows) == ["ID2", "ID3", "ID4"]
    settings.OCOP_ANSWER_MEMO = 0
    memo.clear()
    memo.put("ID9", (9,))
    assert not memo.rows


def test_what_a_transaction_that_changed_answers_reads_is_not_kept(client, fresh, settings):
    """The fixture's answers were written in the test's transaction, not committed: a scan reads them and keeps
    nothing (a rollback would leave the memo wrong)."""
    settings.OCOP_VERIFY_LOG_BATCH = 1000
    assert client.get(f"/api/v1/verify/{fresh.public_id}").status_code == 200
    assert fresh.public_id not in answers.memo.rows
