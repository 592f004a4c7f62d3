"""Outgoing mail: queued after the commit, sent by the worker, and never a failure of the step that sent it."""

import socket

import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings

from ocop.core import mail as outgoing


@pytest.mark.django_db(transaction=True)
def test_mail_leaves_only_when_the_transaction_commits():
    with transaction.atomic():
        outgoing.mail_after_commit("Chứng nhận OCOP", "Nội dung", ["chuthe@example.vn"])
        assert mail.outbox == []
    assert [m.subject for m in mail.outbox] == ["Chứng nhận OCOP"]
    assert mail.outbox[0].to == ["chuthe@example.vn"]

    with pytest.raises(RuntimeError), transaction.atomic():
        outgoing.mail_after_commit("Rolled back", "", ["x@example.vn"])
        raise RuntimeError
    assert [m.subject for m in mail.outbox] == ["Chứng nhận OCOP"]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.django_db(transaction=True)
def test_an_unreachable_mail_server_is_logged_in_one_line_and_changes_nothing(caplog):
    port = _closed_port()
    smtp = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                        "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 2}}}
    with override_settings(MAILERS=smtp):
        assert outgoing.send_now("Thư", "Nội dung", ["a@example.vn"]) is False
        with transaction.atomic():
            outgoing.mail_after_commit("Thư thứ hai", "", ["a@example.vn"])  # the worker's run: no exception
    warnings = [r for r in caplog.records if r.name == "ocop.core.mail"]
    assert len(warnings) == 2 and all(r.exc_info is None for r in warnings)
    assert "Thư thứ hai" in warnings[1].getMessage()


@pytest.mark.django_db(transaction=True)
def test_a_queue_that_cannot_take_the_mail_sends_it_at_once(monkeypatch):
    class QueueDown:
        def enqueue(self, *args, **kwargs):
            raise ConnectionError("queue down")

    monkeypatch.setattr(outgoing, "send_mail_task", QueueDown())
    outgoing.mail_after_commit("Thư gửi ngay", "", ["b@example.vn"])
    assert [m.subject for m in mail.outbox] == ["Thư gửi ngay"]
