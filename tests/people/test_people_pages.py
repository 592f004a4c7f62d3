"""An office's people pages: invite by e-mail (the link sets the password), see who has not logged in, resend,
deactivate, and the history of account changes and failed logins — each office only within its scope."""

import datetime as dt
import re

import pytest
from axes.models import AccessFailureLog
from django.core import mail
from django.utils import timezone

from ocop.accounts.models import Role, User
from ocop.places.models import Commune

from ..conftest import make_producer

pytestmark = pytest.mark.django_db


def _invite(client, **fields):
    return client.post("/people/invite/", {"full_name": "Nguyễn Thị Hoa", "email": "hoa@example.vn", **fields})


def test_a_provincial_officer_invites_a_commune_officer_who_then_logs_in(client, users, province,
                                                                        django_capture_on_commit_callbacks):
    commune = Commune.objects.filter(province=province).order_by("code").first()
    client.force_login(users["province"])
    page = client.get("/people/invite/").content.decode()
    assert 'value="central"' not in page and 'value="province"' not in page, "no central or provincial roles offered"
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client, role="commune", province=province.code, communes=[commune.code])
    assert response.status_code == 302
    invited = User.objects.get(email="hoa@example.vn")
    assert (invited.role, invited.province_id, list(invited.communes.all())) == ("commune", province.code, [commune])
    listing = client.get("/people/?state=pending").content.decode()
    assert "hoa@example.vn" in listing and 'data-state="pending"' in listing
    link = re.search(r"https?://\S+(/account/reset/\S+/)", mail.outbox[0].body).group(1)
    client.logout()
    form = client.get(link, follow=True)
    client.post(form.redirect_chain[-1][0], {"new_password1": "hoa-mat-khau-2026", "new_password2": "hoa-mat-khau-2026"})
    assert client.post("/login/", {"username": "hoa@example.vn", "password": "hoa-mat-khau-2026"}).status_code == 302
    client.force_login(users["province"])
    assert 'data-state="active"' in client.get("/people/?q=hoa").content.decode()
    assert not client.get("/people/?state=never").context["table"].rows.data.data.filter(pk=invited.pk).exists()


def test_a_council_member_and_a_producer_account_of_the_province(client, users, province):
    client.force_login(users["province"])
    assert _invite(client, role="council", province=province.code).status_code == 302
    producer = users["producer_record"]
    assert _invite(client, role="producer", email="chu@example.vn", producer=producer.pk).status_code == 302
    assert User.objects.get(email="chu@example.vn").producer == producer
    assert User.objects.get(email="hoa@example.vn").role == Role.COUNCIL


@pytest.mark.parametrize("fields,field", [
    ({"role": "province"}, "role"), ({"role": "central"}, "role"),
    ({"role": "council", "province": "92"}, "province"),
    ({"role": "commune", "communes": ["__other__"]}, "communes"),
    ({"role": "producer", "producer": "__other__"}, "producer"),
    ({"role": "commune"}, "communes"), ({"role": "producer"}, "producer"),
    ({"role": "council", "email": "not-an-address"}, "email"),
    ({"role": "council", "email": "province@example.vn"}, "email"),
    ({"role": "council", "full_name": ""}, "full_name"),
])
def test_a_provincial_officer_cannot_invite_outside_its_scope_and_errors_sit_beside_the_field(
        client, users, province, other_province, fields, field):
    other_commune = Commune.objects.filter(province=other_province).first()
    other_producer = make_producer(other_province, name="HTX Ngoài tỉnh")
    values = {k: ([other_commune.code] if v == ["__other__"] else other_producer.pk if v == "__other__" else v)
              for k, v in fields.items()}
    client.force_login(users["province"])
    before = User.objects.count()
    response = _invite(client, **{"province": province.code, **values})
    assert response.status_code == 400 and field in response.context["form"].errors
    assert User.objects.count() == before and not mail.outbox


def test_errors_are_in_vietnamese_by_default(client, users, province):
    client.force_login(users["province"])
    response = _invite(client, role="commune", province=province.code)
    assert "Chọn ít nhất một xã" in response.content.decode()


def test_deactivate_resend_and_scope(client, users, province, other_province, django_capture_on_commit_callbacks):
    client.force_login(users["province"])
    _invite(client, role="council", province=province.code)
    invited = User.objects.get(email="hoa@example.vn")
    User.objects.filter(pk=invited.pk).update(invited_at=timezone.now() - dt.timedelta(days=10))
    assert 'data-state="expired"' in client.get("/people/?state=expired").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/people/{invited.pk}/", {"action": "resend"}).status_code == 302
    assert len(mail.outbox) == 1 and "/account/reset/" in mail.outbox[0].body
    assert 'data-state="pending"' in client.get("/people/?state=pending").content.decode()
    assert client.post(f"/people/{invited.pk}/", {"action": "deactivate"}).status_code == 302
    invited.refresh_from_db()
    assert invited.is_active is False
    # outside the province, the province's own officers, a central officer: not found
    outsider = User.objects.create_user("ngoai", email="ngoai@example.vn", role=Role.COUNCIL, province=other_province)
    for target in (outsider, users["other_province"], users["central"], users["province_clerk"]):
        assert client.post(f"/people/{target.pk}/", {"action": "deactivate"}).status_code == 404
        target.refresh_from_db()
        assert target.is_active
    history = client.get("/people/history/").content.decode()
    assert "đã mời" in history.lower() or "mời" in history
    assert client.get(f"/people/history/?user={outsider.pk}").status_code == 404


def test_a_central_officer_invites_provincial_officers_and_the_central_council(client, users, province):
    client.force_login(users["central"])
    assert client.post("/people/invite/", {"full_name": "Lê Văn Tỉnh", "email": "tinh@example.vn", "role": "province",
                                           "province": province.code}).status_code == 302
    assert client.post("/people/invite/", {"full_name": "Trần Hội Đồng", "email": "hdtw@example.vn",
                                           "role": "council"}).status_code == 302
    assert User.objects.get(email="hdtw@example.vn").province is None, "the central council"
    response = client.post("/people/invite/", {"full_name": "X", "email": "x@example.vn", "role": "province"})
    assert response.status_code == 400 and "province" in response.context["form"].errors
    officer = User.objects.get(email="tinh@example.vn")
    assert client.post(f"/people/{officer.pk}/", {"action": "deactivate"}).status_code == 302


@pytest.mark.parametrize("who", ["commune", "producer", "nobody"])
def test_commune_officers_producers_and_others_cannot_reach_the_pages(client, users, who):
    client.force_login(users[who])
    for url in ("/people/", "/people/invite/", "/people/history/"):
        assert client.get(url).status_code == 403
    assert client.post(f"/people/{users['province_clerk'].pk}/", {"action": "deactivate"}).status_code == 403
    assert users["province_clerk"].is_active


def test_anonymous_visitors_are_sent_to_log_in(client):
    assert client.get("/people/").status_code == 302


def test_failed_logins_are_logged_and_shown_to_the_office_that_owns_the_account(client, users, province, other_province):
    client.force_login(users["province"])
    _invite(client, role="council", province=province.code)
    client.logout()
    client.post("/login/", {"username": "hoa@example.vn", "password": "wrong"})
    client.post("/login/", {"username": "other_province", "password": "wrong"})
    assert AccessFailureLog.objects.count() == 2
    client.force_login(users["province"])
    events = client.get("/people/history/").context["events"]
    failures = [e for e in events if e.kind == "login_failure"]
    assert [e.account for e in failures] == ["hoa@example.vn"], "another province's officer is not ours"
    client.force_login(users["central"])
    accounts = {e.account for e in client.get("/people/history/").context["events"] if e.kind == "login_failure"}
    assert accounts == {"hoa@example.vn", "other_province"}


def test_nobody_is_offered_to_deactivate_their_own_account(client, users):
    """An office's own row (the central office lists every account, its own included) has no action button:
    the service refuses to let anyone deactivate themselves, so a button would lead nowhere."""
    me = users["central"]
    client.force_login(me)
    page = client.get("/people/").content.decode()
    assert f'action="/people/{users["province"].pk}/"' in page  # others' rows have their buttons
    assert f'action="/people/{me.pk}/"' not in page and f'href="/people/history/?user={me.pk}"' in page
    assert client.post(f"/people/{me.pk}/", {"action": "deactivate"}).status_code == 403
    me.refresh_from_db()
    assert me.is_active
