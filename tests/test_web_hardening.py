"""Web hardening: a Content-Security-Policy with no inline script, and redirects that stay on this site."""

import re

import pytest

from ocop.demo.register import load_demo

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
HANDLER = re.compile(r"\son(?:click|change|submit|load|input|error)=", re.I)


def test_every_page_sends_a_policy_without_inline_scripts(client, users):
    load_demo()
    client.force_login(users["province"])
    for url in ["/", "/dashboard/?province=96", "/promotion/points/new/", "/promotion/events/", "/register/", "/certificates/", "/dossiers/", "/plans/", "/provinces/96/",
                "/open-data/", "/account/tokens/", "/login/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
        assert "frame-ancestors 'none'" in policy
        html = response.content.decode()
        assert not INLINE_SCRIPT.search(html), url
        assert not HANDLER.search(html), url


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil.example"])
def test_next_never_leaves_the_site(client, users, target):
    response = client.post(f"/login/?next={target}", {"username": users["province"].username, "password": "wrong"})
    assert "evil.example" not in response.get("Location", "")
    client.force_login(users["producer"])
    response = client.post("/dossiers/vault/", {"next": target})
    assert "evil.example" not in response.get("Location", "")


def test_sensitive_personal_flags_and_household_tax_codes_are_never_public(client, users):
    from ocop.producers.models import LegalForm
    from tests.conftest import make_producer, make_product, recognise

    household = make_producer(users["province"].province, name="Hộ kinh doanh Ba Thưa", legal_form=LegalForm.HOUSEHOLD,
                              tax_code="8001234567", woman_led=True, ethnic_minority=True, phone="0912345678",
                              email="bathua@example.vn")
    recognise(make_product(household, name="Mật ong rừng U Minh"))
    public = client.get(f"/api/v1/producers/{household.pk}").json()
    assert "woman_led" not in public and "ethnic_minority" not in public and "contact" not in public
    assert public["tax_code"] is None
    page = client.get(f"/register/producers/{household.pk}/").content.decode()
    assert "8001234567" not in page and "0912345678" not in page and "bathua@" not in page
    assert "Do phụ nữ làm chủ" not in page and "dân tộc thiểu số" not in page
    for url in ("/open-data/register.csv", "/open-data/register.json", "/api/v1/producers?province=96"):
        body = client.get(url).getvalue()  # stored files: sent whole when small, streamed when large
        text = body.decode("utf-8-sig")
        assert "8001234567" not in text and "0912345678" not in text and "woman_led" not in text, url
    client.force_login(users["province"])
    office = client.get(f"/api/v1/producers/{household.pk}").json()
    assert office["woman_led"] is True and office["tax_code"] == "8001234567"
