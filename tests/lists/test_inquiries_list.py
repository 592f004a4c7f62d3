"""/inquiries/: a producer's buyers' messages (an office's within its scope) by state and product, 25 a page."""

import re

import pytest

from ocop.promotion.models import Inquiry

from ..conftest import make_producer, make_product

pytestmark = pytest.mark.django_db


def inquiry(product, buyer, state="new"):
    return Inquiry.objects.create(product=product, producer=product.producer, buyer_name=buyer, buyer_contact="0900000000",
                                  message="Xin báo giá sỉ.", client="test", state=state)


def buyers(html: str) -> list[str]:
    return re.findall(r'data-label="Người mua">([^<]+)<br>', html)


@pytest.fixture
def messages(users, other_province):
    mine = make_product(users["producer_record"], name="Trà mãng cầu")
    other = make_product(users["producer_record"], name="Mật ong")
    theirs = make_product(make_producer(other_province, name="HTX Cần Thơ"), name="Bánh pía")
    return {"mine": mine, "other": other, "theirs": theirs,
            "a": inquiry(mine, "Chị Lan"), "b": inquiry(other, "Anh Minh", "answered"), "c": inquiry(theirs, "Cô Hoa")}


def test_a_producer_filters_its_messages_by_state_and_product(client, users, messages):
    client.force_login(users["producer"])
    assert sorted(buyers(client.get("/inquiries/").content.decode())) == ["Anh Minh", "Chị Lan"]
    assert buyers(client.get("/inquiries/?state=answered").content.decode()) == ["Anh Minh"]
    assert buyers(client.get(f"/inquiries/?product={messages['mine'].pk}").content.decode()) == ["Chị Lan"]


def test_another_producers_product_is_refused_and_its_messages_never_appear(client, users, messages):
    client.force_login(users["producer"])
    response = client.get(f"/inquiries/?product={messages['theirs'].pk}&state=bogus")
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'id="id_product_error"[^>]*>Bạn không có tin nhắn nào về sản phẩm này\.', html)
    assert re.search(r'id="id_state_error"[^>]*>&#x27;bogus&#x27; không phải là trạng thái tin nhắn\.', html)
    assert "Cô Hoa" not in html and "Bánh pía" not in html
    assert 'name="province"' not in html  # the province filter is the central office's


def test_offices_see_counts_and_response_times_never_the_buyers_messages(client, users, messages):
    for who in ("other_province", "central", "province"):
        client.force_login(users[who])
        assert client.get("/inquiries/")["Location"] == "/promotion/"
        assert client.post("/inquiries/", {"inquiry": messages["c"].pk, "answer": "Có"}).status_code == 403
    client.force_login(users["other_province"])
    page = client.get("/promotion/").content.decode()
    assert "HTX Cần Thơ" in page and "Cô Hoa" not in page and "Xin báo giá sỉ." not in page and "0900000000" not in page
    client.force_login(users["province"])
    page = client.get("/promotion/").content.decode()
    assert "Công ty TNHH Phúc Thịnh" in page and "HTX Cần Thơ" not in page and "Chị Lan" not in page


def test_it_shows_25_a_page_and_marks_read_only_the_page_shown(client, users, messages):
    for i in range(30):
        inquiry(messages["mine"], f"Khách {i:02d}")
    client.force_login(users["producer"])
    first = client.get("/inquiries/?state=new").content.decode()
    assert len(buyers(first)) == 25 and first.count('data-label="Trạng thái">Mới</td>') == 25  # shown once more as new
    assert Inquiry.objects.filter(state="new").count() == 31 - 25 + 1  # Cô Hoa's is not the producer's
    second = buyers(client.get("/inquiries/?page=2").content.decode())
    assert len(second) == 32 - 25 and not set(second) & set(buyers(first))


def test_the_answer_form_is_in_the_row_and_the_filters_survive_answering(client, users, messages):
    client.force_login(users["producer"])
    html = client.get("/inquiries/?state=new").content.decode()
    assert f'<input type="hidden" name="inquiry" value="{messages["a"].pk}">' in html
    response = client.post("/inquiries/?state=read", {"inquiry": messages["a"].pk, "answer": "Dạ, giá sỉ 80.000đ."})
    assert response.status_code == 302 and response["Location"] == "/inquiries/?state=read"
    assert Inquiry.objects.get(pk=messages["a"].pk).state == "answered"


def test_htmx_gets_the_results_only(client, users, messages):
    client.force_login(users["producer"])
    body = client.get("/inquiries/?state=answered", HTTP_HX_REQUEST="true").content.decode()
    assert body.startswith('<div id="results">') and "<html" not in body and buyers(body) == ["Anh Minh"]
