"""Accounts hold up: login throttling, password reset and change, idle office sessions, expiring API
tokens, and the second factor for offices."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from ocop.accounts.models import ApiToken, Role, User
from tests.conftest import make_producer

pytestmark = pytest.mark.django_db


@pytest.fixture
def producer(province):
    return make_producer(province)


@pytest.fixture
def officer(province):
    user = User.objects.create_user("canbo", "canbo@example.vn", "dung-mat-khau-2026", role=Role.PROVINCE, province=province)
    return user


def _login(client, username, password):
    return client.post("/login/", {"username": username, "password": password})


def test_a_hundred_wrong_passwords_lock_the_account_even_for_the_right_one(client, officer):
    for _ in range(100):
        assert _login(client, "canbo", "sai-mat-khau").status_code in (200, 403, 429)
    response = _login(client, "canbo", "dung-mat-khau-2026")
    assert "_auth_user_id" not in client.session
    assert response.status_code in (403, 429)
    assert "khóa" in response.content.decode() or "locked" in response.content.decode()


def test_a_few_wrong_passwords_then_the_right_one_still_log_in(client, officer):
    for _ in range(3):
        _login(client, "canbo", "sai-mat-khau")
    assert _login(client, "canbo", "dung-mat-khau-2026").status_code == 302
    assert client.session["_auth_user_id"] == str(officer.pk)


def test_password_reset_by_email_sets_a_new_password(client, officer):
    assert client.post("/account/password-reset/", {"email": "canbo@example.vn"}).status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/account/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    response = client.post(form_page.redirect_chain[-1][0], {"new_password1": "mat-khau-moi-2026!", "new_password2": "mat-khau-moi-2026!"})
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password("mat-khau-moi-2026!")


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client):
    assert client.post("/account/password-reset/", {"email": "khong-co@example.vn"}).status_code == 302
    assert mail.outbox == []


def test_password_change_needs_the_old_password(client, officer):
    client.force_login(officer)
    refused = client.post("/account/password/", {"old_password": "sai", "new_password1": "mat-khau-moi-2026!",
                                                 "new_password2": "mat-khau-moi-2026!"})
    assert refused.status_code == 200 and 'class="error"' in refused.content.decode()
    assert client.post("/account/password/", {"old_password": "dung-mat-khau-2026", "new_password1": "mat-khau-moi-2026!",
                                              "new_password2": "mat-khau-moi-2026!"}).status_code == 302
    officer.refresh_from_db()
    assert officer.check_password("mat-khau-moi-2026!")


@override_settings(OCOP_OFFICE_IDLE_MINUTES=30)
def test_office_sessions_end_after_idle_time_producer_sessions_do_not(client, officer, producer):
    client.force_login(officer)
    client.get("/dashboard/")
    assert client.session.get_expiry_age() == 30 * 60
    owner = User.objects.create_user("chuthe", password="x-2026-abc", role=Role.PRODUCER, producer=producer)
    client.force_login(owner)
    client.get("/dashboard/")
    assert client.session.get_expiry_age() > 30 * 60


def test_api_tokens_expire_and_can_be_revoked_from_the_page(client, officer):
    token, raw = ApiToken.objects.issue(officer, name="thử", days=1)
    headers = {"Authorization": f"Bearer {raw}"}
    assert client.get("/api/v1/stats", headers=headers).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get("/api/v1/stats", headers=headers).status_code == 401
    fresh, raw2 = ApiToken.objects.issue(officer, name="mới")
    assert fresh.expires_at > timezone.now() + dt.timedelta(days=80)
    client.force_login(officer)
    page = client.get("/account/tokens/").content.decode()
    assert "thử" in page and "mới" in page
    client.post("/account/tokens/", {"action": "revoke", "token": fresh.pk})
    assert client.get("/api/v1/stats", headers={"Authorization": f"Bearer {raw2}"}).status_code == 401


def test_a_person_cannot_revoke_someone_elses_token(client, officer, producer):
    other = User.objects.create_user("khac", password="x-2026-abc", role=Role.PRODUCER, producer=producer)
    token, _raw = ApiToken.objects.issue(other)
    client.force_login(officer)
    client.post("/account/tokens/", {"action": "revoke", "token": token.pk})
    token.refresh_from_db()
    assert token.revoked_at is None


@override_settings(OCOP_REQUIRE_2FA=True)
def test_offices_confirm_a_totp_code_after_login(client, officer, producer):
    client.force_login(officer)
    first = client.get("/certificates/")
    assert first.status_code == 302 and first["Location"].startswith("/account/two-factor/")
    setup = client.get("/account/two-factor/")
    assert "<svg" in setup.content.decode()
    device = TOTPDevice.objects.get(user=officer)
    wrong = f"{(totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits) + 1) % 1000000:06d}"
    assert client.post("/account/two-factor/", {"code": wrong}).status_code == 400
    assert client.get("/certificates/").status_code == 302  # still not verified
    # django-otp throttles after a failure (a person waits a moment); the test skips the wait
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None, throttling_failure_count=0)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    assert client.post("/account/two-factor/?next=/certificates/", {"code": code, "next": "/certificates/"}).status_code == 302
    assert client.get("/certificates/").status_code == 200
    # producers are not asked
    owner = User.objects.create_user("chuthe2", password="x-2026-abc", role=Role.PRODUCER, producer=producer)
    client.force_login(owner)
    assert client.get("/dossiers/").status_code == 200
