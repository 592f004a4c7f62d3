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
    for url in ["/", "/dashboard/", "/register/", "/certificates/", "/dossiers/", "/plans/", "/provinces/96/",
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
