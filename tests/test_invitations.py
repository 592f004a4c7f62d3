"""Offices invite people by e-mail; the invitation link sets the password; scope decides who may invite whom."""

import re

import pytest
from django.core import mail

from ocop.accounts.invitations import InvitationRefused, user_deactivate, user_invite
from ocop.accounts.models import Role, User
from ocop.places.models import Commune

pytestmark = pytest.mark.django_db


def test_a_provincial_office_invites_a_commune_officer_who_sets_a_password_and_logs_in(client, users, province,
                                                                                     django_capture_on_commit_callbacks):
    commune = Commune.objects.filter(province=province).first()
    with django_capture_on_commit_callbacks(execute=True):
        invited = user_invite(inviter=users["province"], email="Xa.TanLoc@example.vn", full_name="Nguyễn Thị Hoa",
                              role=Role.COMMUNE, province=province, communes=[commune])
    assert not invited.has_usable_password() and invited.invited_by == users["province"]
    link = re.search(r"(/account/reset/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    client.post(form.redirect_chain[-1][0], {"new_password1": "hoa-mat-khau-2026", "new_password2": "hoa-mat-khau-2026"})
    assert client.post("/login/", {"username": "xa.tanloc@example.vn", "password": "hoa-mat-khau-2026"}).status_code == 302
    assert invited.history.count() >= 1  # the account's changes are kept


def test_a_provincial_office_cannot_invite_outside_its_province_or_a_provincial_officer(users, province, other_province):
    with pytest.raises(InvitationRefused):
        user_invite(inviter=users["province"], email="a@example.vn", full_name="A", role=Role.COUNCIL,
                    province=other_province)
    with pytest.raises(InvitationRefused):
        user_invite(inviter=users["province"], email="b@example.vn", full_name="B", role=Role.PROVINCE, province=province)
    with pytest.raises(InvitationRefused):
        user_invite(inviter=users["producer"], email="c@example.vn", full_name="C", role=Role.PRODUCER,
                    producer=users["producer"].producer)
    assert not User.objects.filter(email__in=["a@example.vn", "b@example.vn", "c@example.vn"]).exists()


def test_central_office_invites_a_provincial_officer_and_an_office_deactivates_within_its_scope(users, province):
    officer = user_invite(inviter=users["central"], email="tinh@example.vn", full_name="Lê Văn Tỉnh", role=Role.PROVINCE,
                          province=province)
    with pytest.raises(InvitationRefused):
        user_deactivate(actor=users["other_province"], user=officer)
    user_deactivate(actor=users["central"], user=officer)
    officer.refresh_from_db()
    assert officer.is_active is False


def test_the_same_address_cannot_be_invited_twice(users, province):
    user_invite(inviter=users["province"], email="hd@example.vn", full_name="Trần Hội Đồng", role=Role.COUNCIL,
                province=province)
    with pytest.raises(InvitationRefused, match="(?i)đã có|already"):
        user_invite(inviter=users["province"], email="HD@example.vn", full_name="X", role=Role.COUNCIL, province=province)
