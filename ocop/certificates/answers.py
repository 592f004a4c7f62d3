"""Precomputed verification answers: what `/api/v1/verify/<id>` and `/v/<id>` say about each certificate,
kept ready in one row per certificate so that a scan is one indexed read.

The answer is the certificate's public facts (`facts.facts_from_values`) as JSON, with its status and the day
the calendar changes it (`stale_on`: the day after valid-until, or after the Art. 12.3 extension). It is
recomputed by the write path (`recognitions_changed`, revocation, a producer's approved rename) and by the
daily work (answers whose day has come, and any certificate that has none). A reader that finds no answer,
or one whose day has come, computes the facts live and writes nothing: answers are never wrong, only slower.

Each process keeps the answers it read (`memo`, at most OCOP_ANSWER_MEMO of them) until any answer changes: a
write of answers clears its own process's memo and, when it commits, changes a version in the shared cache that
every other process looks at once a second — a scan there may give the answer as it was for that second.

Large writes (an import of a whole province) do not wait for thousands of answers: the answers of the products
concerned are deleted in the writer's transaction (so nothing stale can be read) and recomputed by a
background task after the commit (`OCOP_ANSWERS_SYNC_MAX`)."""

import datetime as dt
import json
import threading
import time
import uuid
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from ocop.recognitions.models import RevocationGround, Status

from .facts import FACT_PATHS, facts_from_values
from .models import Answer, Certificate

CHUNK = 2000


def _date(value) -> dt.date | None:
    if value is None:
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def stale_on(values: dict, status: str, today: dt.date) -> dt.date | None:
    """The first day after `today` on which the calendar changes this answer (None: it never does)."""
    if status in (Status.REVOKED, Status.SUPERSEDED):
        return None
    days = [d + dt.timedelta(days=1) for d in (_date(values["recognition__valid_until"]),
                                                _date(values["recognition__extended_until"])) if d is not None]
    later = [d for d in days if d > today]
    return min(later) if later else None


def _storable(data: dict) -> dict:
    """The answer without what depends on the reader's language (the ground's label, added when read)."""
    if "revoked" in data:
        data = {**data, "revoked": {k: v for k, v in data["revoked"].items() if k != "ground_label"}}
    return data


def localized(data: dict) -> dict:
    """A stored answer completed for the active language."""
    revoked = data.get("revoked")
    if revoked is not None and "ground_label" not in revoked:
        ground = revoked.get("ground") or ""
        revoked["ground_label"] = str(RevocationGround(ground).label) if ground in RevocationGround.values else ""
    return data


def _answers(queryset, today: dt.date) -> list[Answer]:
    made = []
    for row in queryset.values_list(*FACT_PATHS).iterator(chunk_size=CHUNK):
        values = dict(zip(FACT_PATHS, row, strict=True))
        data = facts_from_values(values, today)
        made.append(Answer(certificate_id=values["id"], public_id=values["public_id"], status=data["status"],
                           body=json.dumps(_storable(data)), stale_on=stale_on(values, data["status"], today),
                           computed_on=today))
    return made


class _Memo:
    """The answers this process read, by public id, kept until the shared version of the answers changes."""

    CHECK_SECONDS = 1.0
    VERSION_KEY = "ocop:answers-version"

    def __init__(self):
        self.lock = threading.Lock()
        self.rows: OrderedDict[str, tuple] = OrderedDict()
        self.version: str | None = None
        self.checked_at = float("-inf")

    def get(self, public_id: str) -> tuple | None:
        now = time.monotonic()
        if now - self.checked_at >= self.CHECK_SECONDS:
            version = cache.get(self.VERSION_KEY)
            with self.lock:
                if version != self.version:
                    self.rows.clear()
                    self.version = version
                self.checked_at = now
        with self.lock:
            row = self.rows.get(public_id)
            if row is not None:
                self.rows.move_to_end(public_id)
            return row

    def put(self, public_id: str, row: tuple) -> None:
        size = getattr(settings, "OCOP_ANSWER_MEMO", 20_000)
        if size <= 0 or _changed_in_this_transaction():
            return  # (what a transaction that changed answers reads may yet be rolled back)
        with self.lock:
            self.rows[public_id] = row
            while len(self.rows) > size:
                self.rows.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.rows.clear()


memo = _Memo()


def changed() -> None:
    """Answers were written or deleted: this process forgets what it read, now and at the commit, when every other
    process is told through the shared cache. Until then, nothing is kept (`_changed_in_this_transaction`)."""
    memo.clear()

    def tell_everyone():
        cache.set(_Memo.VERSION_KEY, uuid.uuid4().hex, None)
        memo.clear()
        tell_everyone.done = True

    tell_everyone.answers_changed = True
    transaction.on_commit(tell_everyone)


def _changed_in_this_transaction() -> bool:
    return connection.in_atomic_block and any(
        getattr(func, "answers_changed", False) and not getattr(func, "done", False)
        for _savepoints, func, _robust in connection.run_on_commit)


def _write(answers: list[Answer]) -> None:
    changed()
    for start in range(0, len(answers), CHUNK):
        Answer.objects.bulk_create(answers[start:start + CHUNK], update_conflicts=True, unique_fields=["certificate"],
                                   update_fields=["public_id", "status", "body", "stale_on", "computed_on"])


def answers_refresh(certificate_ids, today: dt.date | None = None) -> int:
    """Recompute the answers of these certificates now (their rows locked, so a concurrent writer's own
    refresh comes after this one or waits for it)."""
    today = today or timezone.localdate()
    ids = sorted(set(certificate_ids))
    count = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        with transaction.atomic():
            list(Certificate.objects.select_for_update(of=("self",)).filter(pk__among=chunk).values_list("pk", flat=True))
            answers = _answers(Certificate.objects.filter(pk__among=chunk), today)
            _write(answers)
        count += len(answers)
    return count


def certificate_ids_of(product_ids) -> list[int]:
    ids = list(product_ids)
    found = []
    for start in range(0, len(ids), CHUNK):
        found += Certificate.objects.filter(recognition__product_id__among=ids[start:start + CHUNK]).values_list("pk", flat=True)
    return found


def products_changed(product_ids) -> None:
    """The write path's hook: recompute now, or (many products) drop now and recompute after the commit."""
    ids = sorted(set(product_ids))
    if len(ids) <= getattr(settings, "OCOP_ANSWERS_SYNC_MAX", 500):
        answers_refresh(certificate_ids_of(ids))
        return
    changed()
    for start in range(0, len(ids), CHUNK):
        Answer.objects.filter(certificate__recognition__product_id__among=ids[start:start + CHUNK]).delete()
    from .tasks import answers_missing_task  # noqa: PLC0415 - tasks import this module

    transaction.on_commit(lambda: answers_missing_task.enqueue())


def answers_missing(today: dt.date | None = None) -> int:
    """Compute the answers of certificates that have none, and of those whose day has come (the daily work)."""
    today = today or timezone.localdate()
    count = 0
    while True:
        missing = list(Certificate.objects.filter(answer__isnull=True).values_list("pk", flat=True)[:CHUNK * 5])
        if not missing:
            break
        count += answers_refresh(missing, today)
    due = list(Answer.objects.filter(stale_on__lte=today).values_list("certificate_id", flat=True))
    return count + answers_refresh(due, today)


_READ_SQL: dict[str, str] = {}


def _read_sql() -> str:
    key = connection.vendor
    if key not in _READ_SQL:
        sql, _params = (Answer.objects.filter(public_id="X").values_list("certificate_id", "status", "body", "stale_on")
                        .query.sql_with_params())
        _READ_SQL[key] = sql
    return _READ_SQL[key]


def read(public_id: str, today: dt.date) -> tuple[int, str, str] | None:
    """(certificate pk, status, JSON body) of a ready answer still good `today`, else None (one indexed read, or
    none when this process read it already)."""
    row = memo.get(public_id)
    if row is None:
        with connection.cursor() as cursor:
            cursor.execute(_read_sql(), [public_id])
            row = cursor.fetchone()
        if row is None:
            return None
        memo.put(public_id, row)
    until = _date(row[3])
    if until is not None and until <= today:
        return None
    return row[0], row[1], row[2]


def ready_facts(public_id: str, today: dt.date | None = None) -> dict | None:
    """The public facts of a certificate from its ready answer, in the reader's language; None without one."""
    ready = read(public_id, today or timezone.localdate())
    return localized(json.loads(ready[2])) if ready is not None else None
