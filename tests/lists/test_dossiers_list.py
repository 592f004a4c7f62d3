"""/dossiers/: the list by state (the queue's counts stay whole), 50 a page, scoped."""

import datetime as dt
import re

import pytest

from ocop.evaluation.models import Dossier

from ..conftest import make_producer, make_product

pytestmark = pytest.mark.django_db


def dossier(producer, name, state="draft", due_on=None):
    product = make_product(producer, name=name)
    return Dossier.objects.create(producer=producer, product=product, kind="first", stars_sought=3,
                                  province=producer.province, state=state, due_on=due_on)


def listed(html: str) -> list[str]:
    return re.findall(r'<td class="lead"><a href="/dossiers/\d+/"><b>([^<]+)</b>', html)


@pytest.fixture
def dossiers(users, province, other_province):
    here = users["producer_record"]
    there = make_producer(other_province, name="HTX Cần Thơ")
    return {"draft": dossier(here, "Mắm ba khía"), "submitted": dossier(here, "Khô cá dứa", "submitted", dt.date.today()),
            "there": dossier(there, "Bánh pía Cần Thơ", "submitted")}


def test_it_filters_by_state_and_keeps_the_queue_whole(client, users, dossiers):
    client.force_login(users["province"])
    html = client.get("/dossiers/?state=submitted").content.decode()
    assert listed(html) == ["Khô cá dứa"]
    assert re.search(r'class="badge in_force" href="\?state=submitted"[^>]*>[^<]*: <b>1</b>', html)
    assert re.search(r'href="\?state=draft"[^>]*>[^<]*: <b>1</b>', html)  # the other states still counted
    assert sorted(listed(client.get("/dossiers/").content.decode())) == ["Khô cá dứa", "Mắm ba khía"]


def test_a_bad_state_is_reported_beside_the_queue_and_everything_is_listed(client, users, dossiers):
    client.force_login(users["province"])
    response = client.get("/dossiers/?state=nope")
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'id="id_state_error">&#x27;nope&#x27; không phải là trạng thái hồ sơ\.</small>', html)
    assert sorted(listed(html)) == ["Khô cá dứa", "Mắm ba khía"]


def test_other_provinces_dossiers_never_appear(client, users, dossiers):
    client.force_login(users["other_province"])
    html = client.get("/dossiers/?state=submitted").content.decode()
    assert listed(html) == ["Bánh pía Cần Thơ"] and "Khô cá dứa" not in html
    client.force_login(users["producer"])
    assert "Bánh pía Cần Thơ" not in client.get("/dossiers/").content.decode()


def test_it_shows_50_a_page(client, users, province):
    producer = users["producer_record"]
    for i in range(55):
        dossier(producer, f"Sản phẩm {i:02d}")
    client.force_login(users["province"])
    first, second = (listed(client.get(f"/dossiers/?page={n}").content.decode()) for n in (1, 2))
    assert len(first) == 50 and len(second) == 5 and not set(first) & set(second)
    assert listed(client.get("/dossiers/?state=draft&page=2").content.decode()) == second


def test_htmx_gets_the_list_and_the_queue(client, users, dossiers):
    client.force_login(users["province"])
    body = client.get("/dossiers/?state=draft", HTTP_HX_REQUEST="true").content.decode()
    assert body.startswith('<div id="results">') and "<html" not in body and "New dossier" not in body
    assert '<p class="queue" id="queue" hx-swap-oob="true">' in body and listed(body) == ["Mắm ba khía"]
