"""/certificates/: which list, within how many days, the office's provinces only, groups; 50 a page."""

import datetime as dt
import re

import pytest

from ocop.certificates.models import Certificate
from ocop.demo.register import load_demo

from ..conftest import make_producer, make_product, recognise

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def listed(html: str) -> list[str]:
    return re.findall(r'<td class="lead"><a href="/certificates/\w+/">([\w-]+)</a>', html)


@pytest.fixture
def both(province, other_province):
    """A Cà Mau certificate expiring in 20 days and one in 200; a Cần Thơ one expiring in 20 days."""
    def make(where, name, days_left, group_code="148-1"):
        product = make_product(make_producer(where, name=f"HTX {name}"), name=name, group_code=group_code)
        day = TODAY.replace(year=TODAY.year - 3) + dt.timedelta(days=days_left)
        return recognise(product, day=day).certificate
    return {"ca_mau_soon": make(province, "Mật ong U Minh", 20), "ca_mau_later": make(province, "Khô cá", 200),
            "can_tho_soon": make(other_province, "Bánh pía", 20, group_code="148-2")}


def test_it_filters_by_list_days_province_and_group(client, users, both):
    client.force_login(users["central"])
    soon = listed(client.get("/certificates/?days=30").content.decode())
    assert sorted(soon) == sorted([both["ca_mau_soon"].display_id, both["can_tho_soon"].display_id])
    assert both["ca_mau_later"].display_id in listed(client.get("/certificates/?days=365").content.decode())
    assert listed(client.get("/certificates/?view=all&province=96").content.decode()) == [
        both["ca_mau_later"].display_id, both["ca_mau_soon"].display_id]  # latest decision first
    assert listed(client.get("/certificates/?view=all&group=148-2").content.decode()) == [both["can_tho_soon"].display_id]
    assert listed(client.get("/certificates/?view=revoked").content.decode()) == []
    page = client.get("/certificates/").content.decode()
    assert 'value="90"' in page and '<option value="expiring" selected>' in page  # the defaults are shown


def test_a_can_tho_officer_filtering_ca_mau_sees_nothing_of_it(client, users, both):
    client.force_login(users["other_province"])
    response = client.get("/certificates/?view=all&province=96")
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'id="id_province_error"[^>]*>&#x27;96&#x27; không phải là tỉnh thuộc phạm vi của bạn\.', html)
    assert both["ca_mau_soon"].display_id not in html and both["ca_mau_later"].display_id not in html
    assert listed(html) == [both["can_tho_soon"].display_id]
    assert '<option value="96"' not in html and '<option value="92"' in html  # its own provinces only


def test_bad_values_are_reported_beside_their_fields(client, users, both):
    client.force_login(users["province"])
    response = client.get("/certificates/?view=soonish&days=abc&group=zz")
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'id="id_view_error"[^>]*>&#x27;soonish&#x27; không phải là một trong các danh sách', html)
    assert re.search(r'id="id_days_error"[^>]*>Nhập số ngày từ 1 đến 3650\.', html)
    assert re.search(r'id="id_group_error"[^>]*>group: không có nhóm sản phẩm nào mang mã', html)
    assert listed(html) == [both["ca_mau_soon"].display_id]  # expiring within 90 days, the defaults
    assert "id_days_error" in client.get("/certificates/?days=99999").content.decode()
    assert re.search(r'id="id_days_error"[^>]*>Nhập', client.get("/certificates/?days=0").content.decode())


def test_it_shows_50_a_page(client, users):
    load_demo()
    client.force_login(users["other_province"])
    total = Certificate.objects.filter(recognition__province_id="92").count()
    assert total > 50
    first, second = (listed(client.get(f"/certificates/?view=all&page={n}").content.decode()) for n in (1, 2))
    assert len(first) == 50 and len(second) == min(50, total - 50) and not set(first) & set(second)
    assert listed(client.get("/certificates/?view=all&page=999").content.decode()) == listed(
        client.get(f"/certificates/?view=all&page={-(-total // 50)}").content.decode())


def test_htmx_gets_the_results_with_the_download_following_the_filters(client, users, both):
    client.force_login(users["central"])
    body = client.get("/certificates/?view=all&province=92&page=1", HTTP_HX_REQUEST="true").content.decode()
    assert body.startswith('<div id="results">') and "<html" not in body
    assert 'href="/certificates/export.xlsx?view=all&amp;province=92"' in body
    assert listed(body) == [both["can_tho_soon"].display_id]
