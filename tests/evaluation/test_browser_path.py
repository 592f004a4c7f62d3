"""Done means, in headless Chromium on a phone-sized screen, as a new provincial office would, with no help from
the demo loader: the office sets up its council and members and opens a round; three producers of three communes
file (one registers a new product on the way); the communes write Form 03 and the products get their codes; the
office accepts, the advisory group reviews; the session opens without the chair, cannot close, is adjourned and
opens again with the chair; a divergent score is re-scored; a 3★ and a 4★ decision are recorded with the signed
PDF; the 92-point product goes to the central council and comes back as 5★; a re-evaluation is decided by
written opinions."""

import datetime as dt
import os

import pytest

from ocop.accounts.models import Role, User
from ocop.core.workdays import add_working_days
from ocop.evaluation.models import AgendaItem, Council, Dossier, Session
from ocop.evaluation.services.scoring import score_submit
from ocop.evaluation.services.dossiers import dossier_move
from ocop.places.models import Commune
from ocop.producers.models import LegalForm

from ..conftest import make_producer, make_product, recognise
from ..criteria.test_engine import GOLDEN_26_08
from ..test_browser import CHROMIUM, shot
from .conftest import PDF, fill_vault
from .flow import FORM03, LOW, NINETY_TWO, SEVENTY_EIGHT, reviewed

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
]


def login(page, base, username):
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.get_by_role("button", name="Đăng nhập").click()


def act(page, action, **fields):
    """Fill and send the form of a next step (opening it first when it is folded away)."""
    container = page.locator(f'[data-action="{action}"]').first
    if container.evaluate("e => e.tagName") == "DETAILS":
        container.locator("summary").click()
    form = page.locator(f'form[data-action="{action}"]') if page.locator(f'form[data-action="{action}"]').count() else container.locator("form")
    for name, value in fields.items():
        field = form.locator(f'[name="{name}"]')
        if value is True:
            field.check()
        elif isinstance(value, list):
            for v in value:
                form.locator(f'input[name="{name}"][value="{v}"]').check()
        elif field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        elif field.get_attribute("type") == "file":
            field.set_input_files(value)
        else:
            field.fill(value)
    form.locator("button").first.click()


def state_of(page):
    return page.locator("[data-state]").first.get_attribute("data-state")


def person(username, role, province, **kw):
    user = User.objects.create_user(username=username, password="pw", email=f"{username}@example.vn", role=role,
                                    province=province if role != Role.COMMUNE else None, **kw)
    return user


def fill_answers(page, answers, prefix=""):
    for criterion, option in answers.items():
        page.locator(f'input[name="{prefix}{criterion}"][value="{option}"]').check()


def test_a_new_provincial_office_runs_the_whole_evaluation(live_server, page, users, province, clock, tmp_path):
    base = live_server.url
    office, producer1 = users["province"], users["producer_record"]
    communes = list(Commune.objects.filter(province=province).exclude(pk=producer1.commune_id).order_by("code")[:2])
    producer2 = make_producer(province, name="HTX Ong mật U Minh", legal_form=LegalForm.COOPERATIVE, commune=communes[0],
                              representative="Võ Thị Mai", woman_led=True)
    producer3 = make_producer(province, name="Cơ sở Chả cá Sáu Nhỏ", legal_form=LegalForm.HOUSEHOLD, commune=communes[1],
                              representative="Trần Văn Sáu")
    for username, producer in (("honey", producer2), ("chaca", producer3)):
        User.objects.create_user(username=username, password="pw", email=f"{username}@example.vn", role=Role.PRODUCER,
                                 producer=producer)
    for username, commune in (("xa2", communes[0]), ("xa3", communes[1])):
        person(username, Role.COMMUNE, province).communes.add(commune)
    for username, name in (("tv1", ("Nguyễn Văn", "Một")), ("tv2", ("Lê Thị", "Hai")), ("tv3", ("Phan Văn", "Ba")),
                           ("thuky", ("Đặng Thị", "Thư")), ("tuvan", ("Huỳnh Văn", "Lộc"))):
        person(username, Role.COUNCIL, province, first_name=name[0], last_name=name[1])
    fish = make_product(producer1, name="Khô cá dứa", group_code="148-1.3.4")
    honey = make_product(producer2, name="Mật ong rừng U Minh", group_code="148-1.3.4")
    fill_vault(producer1, fish, users["producer"])
    fill_vault(producer2, honey, User.objects.get(username="honey"))
    decision_pdf = tmp_path / "quyet-dinh.pdf"
    decision_pdf.write_bytes(PDF)

    # -- the office sets up its council: the chair invited by e-mail, the others picked from accounts ---------
    login(page, base, "province")
    page.goto(f"{base}/dossiers/todo/")
    assert "Thành lập Hội đồng cấp tỉnh" in page.inner_text("main")
    page.goto(f"{base}/councils/setup/")
    form = page.locator('form[data-form="council"]')
    form.locator("[name=name]").fill("Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Cà Mau")
    form.locator("[name=decision_number]").fill("1520/QĐ-UBND")
    form.locator("[name=decision_date]").fill((dt.date.today() - dt.timedelta(days=20)).isoformat())
    form.locator("button").click()
    council = Council.objects.get(province=province, active=True)
    assert page.url.endswith(f"/councils/{council.pk}/")
    seats = [("", "chair", "UBND tỉnh", "Lâm Văn Bi", "chutich@camau.gov.vn"), ("tv1", "member", "Sở Nông nghiệp và Môi trường", "", ""),
             ("tv2", "member", "Sở Y tế", "", ""), ("tv3", "member", "Sở Công Thương", "", ""),
             ("thuky", "secretary", "Văn phòng Điều phối NTM", "", ""), ("tuvan", "advisor", "Chi cục PTNT", "", "")]
    for username, role, agency, full_name, email in seats:
        form = page.locator('form[data-form="member"]')
        if not form.is_visible():
            page.locator("details", has=form).locator("summary").click()
        if username:
            form.locator("[name=person]").select_option(str(User.objects.get(username=username).pk))
        else:
            form.locator("[name=full_name]").fill(full_name)
            form.locator("[name=email]").fill(email)
        form.locator("[name=role]").select_option(role)
        form.locator("[name=agency]").fill(agency)
        form.locator("button").click()
    members = page.inner_text("table.members")
    assert "Lâm Văn Bi" in members and "Đặng Thị Thư" in members and "Tổ tư vấn" in members
    chair = User.objects.get(email="chutich@camau.gov.vn")
    chair.set_password("pw")  # as the chair does from the invitation's link
    chair.save()
    shot(page, "council-members")

    # -- a round -----------------------------------------------------------------------------------------
    page.goto(f"{base}/dossiers/rounds/")
    form = page.locator('form[data-form="round"]')
    form.locator("[name=year]").fill(str(dt.date.today().year + 1))
    form.locator("[name=number]").select_option("1")
    form.locator("button").click()
    assert "30/06/" in page.inner_text("main")

    # -- three producers file: the first on the register, the third registers a new product --------------
    login(page, base, "producer")
    page.goto(f"{base}/dossiers/")
    form = page.locator('form[data-form="new-dossier"]')
    form.locator("[name=product]").select_option(str(fish.pk))
    form.locator("[name=kind]").select_option("first")
    form.locator("[name=stars]").select_option("3")
    form.locator("button").click()
    fish_dossier = Dossier.objects.get(product=fish)
    page.get_by_role("link", name="Điền bản tự đánh giá").click()
    fill_answers(page, GOLDEN_26_08, "c_")
    page.locator('[data-criterion="9"] details.evidence summary').click()  # criterion 9: quality assurance
    page.locator(f'input[name="e_9"][value="{fish_dossier.items.get(kind="test_report").document_id}"]').check()
    page.get_by_role("button", name="Lưu vào hồ sơ").click()
    assert "64" in page.inner_text(".sticky-total")
    page.goto(f"{base}/dossiers/{fish_dossier.pk}/")
    act(page, "submit")
    assert state_of(page) == "submitted"

    login(page, base, "chaca")
    page.goto(f"{base}/dossiers/")
    form = page.locator('form[data-form="new-dossier"]')
    form.locator("[name=new_name]").fill("Chả cá thác lác Sáu Nhỏ")
    form.locator("[name=new_group]").select_option(label="Thực phẩm chế biến – Chế biến từ thịt, trứng, sữa, thủy sản, các sản phẩm từ mật ong, mật khác và nông sản thực phẩm khác")
    form.locator("[name=stars]").select_option("5")
    form.locator("button").click()
    cake_dossier = Dossier.objects.get(product__name="Chả cá thác lác Sáu Nhỏ")
    assert cake_dossier.sheet.code == "26-08"
    fill_vault(producer3, cake_dossier.product, User.objects.get(username="chaca"))
    for kind in ("quality_certificate", "product_story"):  # asked for 4★ and more
        from ocop.evaluation.services.documents import document_upload
        from ocop.evaluation.services.dossiers import dossier_attach
        from .conftest import pdf

        document = document_upload(producer=producer3, upload=pdf(), kind=kind, title=kind, user=User.objects.get(username="chaca"),
                                   product=cake_dossier.product, issued_on=dt.date.today() - dt.timedelta(days=5))
        dossier_attach(dossier=cake_dossier, kind=kind, document=document, user=User.objects.get(username="chaca"))
    page.goto(f"{base}/dossiers/{cake_dossier.pk}/")
    while page.locator('li[data-status="missing"] form button').count():  # use the vault's documents
        page.locator('li[data-status="missing"] form button').first.click()
    page.goto(f"{base}/dossiers/{cake_dossier.pk}/self-assessment/")
    fill_answers(page, NINETY_TWO, "c_")
    page.get_by_role("button", name="Lưu vào hồ sơ").click()
    page.goto(f"{base}/dossiers/{cake_dossier.pk}/")
    act(page, "submit")
    assert state_of(page) == "submitted"

    from .flow import draft

    honey_dossier = draft({"producer": User.objects.get(username="honey")}, honey, answers=SEVENTY_EIGHT, stars=4)
    dossier_move(dossier=honey_dossier, action="submit", user=User.objects.get(username="honey"))

    # -- each commune writes Form 03 and proposes the product, which gets its code --------------------------
    for username, dossier in (("commune", fish_dossier), ("xa2", honey_dossier), ("xa3", cake_dossier)):
        login(page, base, username)
        page.goto(f"{base}/dossiers/todo/")
        assert dossier.product.name in page.inner_text("ul.todo")
        page.goto(f"{base}/dossiers/{dossier.pk}/")
        act(page, "commune_confirm", **{f"lc_{code}": text for code, text in FORM03.items()})
        assert state_of(page) == "commune_confirmed"
        code = page.locator("[data-product-code]").inner_text()
        assert code.startswith("96-") and code.endswith(f"-001-{dt.date.today().year}"), code
    shot(page, "dossier-proposed-by-the-commune")

    # -- the office accepts; the advisory group reviews (one site visit) -------------------------------------
    login(page, base, "province")
    for dossier in (fish_dossier, honey_dossier, cake_dossier):
        page.goto(f"{base}/dossiers/{dossier.pk}/")
        act(page, "accept")
        assert state_of(page) == "accepted"
    login(page, base, "tuvan")
    for dossier in (fish_dossier, honey_dossier, cake_dossier):
        page.goto(f"{base}/dossiers/{dossier.pk}/")
        form = page.locator('form[data-action="review"]')
        if dossier == cake_dossier:
            form.locator("[name=kind]").select_option("site_visit")
            form.locator("[name=on]").fill(dt.date.today().isoformat())
            form.locator("[name=findings]").fill("Khảo sát tại cơ sở: quy trình sạch, có HACCP.")
            form.locator("[name=recommendation]").select_option("proceed")
            form.locator("button").click()
            form = page.locator('form[data-action="review"]')
            if not form.is_visible():
                page.locator("details", has=form).locator("summary").click()
        form.locator("[name=kind]").select_option("review")
        form.locator("[name=on]").fill(dt.date.today().isoformat())
        form.locator("[name=findings]").fill("Hồ sơ đầy đủ, đủ điều kiện trình Hội đồng.")
        form.locator("[name=recommendation]").select_option("proceed")
        form.locator("button").click()
        assert state_of(page) == "reviewed"

    # -- the session: the chair is missing, so it cannot close; adjourned; opened again with the chair -------
    login(page, base, "thuky")
    day = add_working_days(dt.date.today(), 1)
    page.goto(f"{base}/councils/")
    page.locator("summary", has_text="Lên lịch phiên họp").click()
    page.fill("input[name=date]", day.isoformat())
    page.fill("input[name=place]", "Hội trường UBND tỉnh")
    page.get_by_role("button", name="Lên lịch").click()
    session = Session.objects.get(council=council)
    for dossier in (fish_dossier, honey_dossier, cake_dossier):
        act(page, "agenda", dossier=str(dossier.pk))
    page.locator('form[data-action="open"] button').click()
    assert "trước ngày" in page.inner_text("main"), "a session cannot open before its date"
    clock.set(day)
    form = page.locator('form[data-action="open"]')
    form.locator(f'input[name="present"][value="{council.members.get(role="chair").pk}"]').uncheck()
    form.locator("button").click()
    assert "chủ tịch" in page.locator("[data-quorum]").inner_text().lower()
    page.locator('form[data-action="close"] button').click()
    assert "chủ tịch" in page.inner_text("main").lower() and Session.objects.get(pk=session.pk).state == "open"
    new_day = add_working_days(day, 2)
    act(page, "adjourn", date=new_day.isoformat(), reason="Chủ tịch Hội đồng đi công tác đột xuất")
    assert page.locator("[data-session-state]").get_attribute("data-session-state") == "planned"
    clock.set(new_day)
    page.locator('form[data-action="open"] button').click()  # everyone ticked, the chair too
    assert page.locator("[data-session-state]").get_attribute("data-session-state") == "open"
    shot(page, "session-open")

    # members score (two through the page, two through the service); a divergent score is re-scored
    answers = {fish_dossier: GOLDEN_26_08, honey_dossier: SEVENTY_EIGHT, cake_dossier: NINETY_TWO}
    items = {i.dossier_id: i for i in AgendaItem.objects.filter(session=session)}
    for username in ("chutich", "tv1"):
        user = User.objects.get(email="chutich@camau.gov.vn") if username == "chutich" else User.objects.get(username="tv1")
        login(page, base, user.username)
        for dossier, given in answers.items():
            page.goto(f"{base}/councils/items/{items[dossier.pk].pk}/score/")
            fill_answers(page, given)
            page.get_by_role("button", name="Gửi điểm của tôi").click()
    score_submit(item=items[fish_dossier.pk], user=User.objects.get(username="tv2"), answers=GOLDEN_26_08)
    score_submit(item=items[fish_dossier.pk], user=User.objects.get(username="tv3"), answers=LOW)  # 48 points below the mean
    for dossier in (honey_dossier, cake_dossier):
        for username in ("tv2", "tv3"):
            score_submit(item=items[dossier.pk], user=User.objects.get(username=username), answers=answers[dossier])
    login(page, base, "thuky")
    page.goto(f"{base}/councils/sessions/{session.pk}/")
    assert page.locator(f'[data-item="{items[fish_dossier.pk].pk}"] [data-status]').get_attribute("data-status") == "diverged"
    page.locator('form[data-action="close"] button').click()
    assert "chấm lại" in page.inner_text("main")
    login(page, base, "tv3")
    page.goto(f"{base}/councils/items/{items[fish_dossier.pk].pk}/score/")
    fill_answers(page, GOLDEN_26_08)
    page.locator("textarea[name=opinion]").fill("Sau thảo luận, thống nhất với các thành viên.")
    page.get_by_role("button", name="Gửi điểm của tôi").click()
    login(page, base, "thuky")
    page.goto(f"{base}/councils/sessions/{session.pk}/")
    assert page.locator(f'[data-item="{items[fish_dossier.pk].pk}"] [data-status]').get_attribute("data-status") == "rescored"
    page.locator('form[data-action="close"] button').click()
    statuses = [e.get_attribute("data-status") for e in page.locator("[data-item] [data-status]").all()]
    assert statuses == ["result", "result", "result"], "the badges show the final result"
    shot(page, "session-closed")
    minutes = page.request.get(f"{base}/councils/sessions/{session.pk}/minutes.pdf")
    assert minutes.ok and minutes.body().startswith(b"%PDF")
    assert {d.result_score for d in Dossier.objects.filter(pk__in=[fish_dossier.pk, honey_dossier.pk, cake_dossier.pk])} == \
        {64, 78, 92}

    # -- decisions: 3★ and 4★ under one decision with its signed PDF; 92 points to the central council --------
    login(page, base, "province")
    for dossier, stars in ((fish_dossier, "3"), (honey_dossier, "4")):
        page.goto(f"{base}/dossiers/{dossier.pk}/")
        act(page, "recognise", decision_number="2001/QĐ-UBND", decision_date=new_day.isoformat(), stars=stars,
            decision_file=str(decision_pdf))
        assert state_of(page) == "recognised", page.inner_text("main")[:500]
    page.goto(f"{base}/dossiers/{cake_dossier.pk}/")
    act(page, "forward_central", approval_number="2002/QĐ-UBND", approval_date=new_day.isoformat(),
        approved_by="Chủ tịch UBND tỉnh Cà Mau")
    assert state_of(page) == "central_review"

    login(page, base, "central")
    page.goto(f"{base}/councils/setup/")
    page.locator("summary", has_text="Thành lập Hội đồng").click()
    form = page.locator('form[data-form="council"]')
    form.locator("[name=name]").fill("Hội đồng đánh giá, phân hạng sản phẩm OCOP cấp trung ương")
    form.locator("[name=decision_number]").fill("88/QĐ-BNNMT")
    form.locator("[name=decision_date]").fill((dt.date.today() - dt.timedelta(days=40)).isoformat())
    form.locator("button").click()
    central = Council.objects.get(level="central", active=True)
    for i, role in enumerate(("chair", "member", "member", "secretary"), start=1):
        form = page.locator('form[data-form="member"]')
        if not form.is_visible():
            page.locator("details", has=form).locator("summary").click()
        form.locator("[name=full_name]").fill(f"Chuyên gia Trung Ương {i}")
        form.locator("[name=email]").fill(f"tw{i}@mae.gov.vn")
        form.locator("[name=role]").select_option(role)
        form.locator("button").click()
    seats = list(central.members.order_by("pk"))
    for seat in seats:
        seat.user.set_password("pw")
        seat.user.save()
    central_day = add_working_days(new_day, 1)
    page.goto(f"{base}/councils/")
    page.locator("summary", has_text="Lên lịch phiên họp").click()
    page.locator("select[name=council]").select_option(str(central.pk))
    page.fill("input[name=date]", central_day.isoformat())
    page.get_by_role("button", name="Lên lịch").click()
    act(page, "agenda", dossier=str(cake_dossier.pk))
    clock.set(central_day)
    page.locator('form[data-action="open"] button').click()
    central_session = Session.objects.get(council=central)
    item = AgendaItem.objects.get(session=central_session)
    for seat in seats[:3]:
        score_submit(item=item, user=seat.user, answers=NINETY_TWO)
    page.locator('form[data-action="close"] button').click()
    page.goto(f"{base}/dossiers/{cake_dossier.pk}/")
    assert state_of(page) == "central_evaluated"
    act(page, "recognise", decision_number="600/QĐ-BNNMT", decision_date=central_day.isoformat(), stars="5",
        decision_file=str(decision_pdf))
    assert state_of(page) == "recognised"
    assert "★★★★★" in page.inner_text("main") or Dossier.objects.get(pk=cake_dossier.pk).recognition.stars == 5
    shot(page, "five-stars")

    # -- a re-evaluation decided by written opinions --------------------------------------------------------
    clock.set(None)
    recognise(make_product(producer1, name="Mắm ba khía", group_code="148-1.3.4"), stars=3, day=dt.date(2023, 12, 1))
    renewal = reviewed({**users}, producer1.products.get(name="Mắm ba khía"), kind="renewal")
    login(page, base, "thuky")
    page.goto(f"{base}/councils/{council.pk}/")
    page.locator("summary", has_text="Đánh giá lại bằng hình thức lấy ý kiến bằng văn bản").click()
    form = page.locator('form[data-form="opinions"]')
    form.locator(f'input[value="{renewal.pk}"]').check()
    form.locator("button").click()
    written = Session.objects.get(council=council, kind="written")
    assert page.url.endswith(f"/councils/sessions/{written.pk}/")
    item = AgendaItem.objects.get(session=written)
    for user in [User.objects.get(email="chutich@camau.gov.vn")] + [User.objects.get(username=u) for u in ("tv1", "tv2", "tv3")]:
        score_submit(item=item, user=user, answers=GOLDEN_26_08, opinion="Đồng ý đánh giá lại 3 sao.")
    page.reload()
    page.locator('form[data-action="close"] button').click()
    assert Dossier.objects.get(pk=renewal.pk).state == "evaluated"
    assert not written.events.filter(action="meeting").exists(), "no meeting was needed"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
