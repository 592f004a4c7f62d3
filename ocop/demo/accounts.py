"""Demo accounts, one per role (created only if missing; passwords reset to the demo one), the Cà Mau council
set up the way an office sets one up (by its decision, members seated), and the round open today."""

import datetime as dt

from django.utils import timezone

from ocop.accounts.models import Role, User
from ocop.evaluation.models import Council, Round
from ocop.evaluation.rounds import statutory_round_for
from ocop.evaluation.services.councils import council_create, member_add
from ocop.evaluation.services.rounds import round_open
from ocop.places.models import Commune, Province
from ocop.producers.models import Producer

COUNCIL = [  # username, role, full name, department
    ("hoidong1", "chair", "Lâm Văn Bi", "UBND tỉnh Cà Mau"),
    ("hoidong2", "member", "Trần Thị Thu", "Sở Nông nghiệp và Môi trường"),
    ("hoidong3", "member", "Nguyễn Văn Hải", "Sở Y tế"),
    ("hoidong4", "member", "Lê Minh Tâm", "Sở Khoa học và Công nghệ"),
    ("hoidong5", "secretary", "Phạm Thị Hồng", "Văn phòng Điều phối nông thôn mới tỉnh"),
    ("tuvan", "advisor", "Huỳnh Văn Lộc", "Chi cục Phát triển nông thôn"),
]
ROLE_WORDS = {"chair": "chair", "member": "member", "secretary": "secretary", "advisor": "advisory group"}


def demo_users(password: str) -> list[tuple[str, str]]:
    ca_mau = Province.objects.get(code="96")
    can_tho = Province.objects.get(code="92")
    producer = Producer.objects.filter(is_demo=True, name__contains="Phúc Thịnh").first()
    commune = producer.commune if producer else Commune.objects.filter(province=ca_mau).first()
    specs = [
        ("admin", dict(role=Role.CENTRAL, is_staff=True, is_superuser=True, email="admin@example.vn"),
         "central office, administrator"),
        ("camau", dict(role=Role.PROVINCE, province=ca_mau, email="ocop.camau@example.vn", may_sign_decisions=True),
         "provincial office, Cà Mau (signs decisions: revocations of 3★/4★)"),
        ("cantho", dict(role=Role.PROVINCE, province=can_tho, email="ocop.cantho@example.vn"), "provincial office, Cần Thơ"),
        ("xa", dict(role=Role.COMMUNE, email="xa@example.vn"), f"commune officer, {commune}"),
        ("phucthinh", dict(role=Role.PRODUCER, producer=producer, email="phucthinh@example.vn"), "producer, Phúc Thịnh"),
    ]
    result = []
    for username, role, full_name, _agency in COUNCIL:
        first, _sep, last = full_name.rpartition(" ")
        specs.append((username, dict(email=f"{username}@example.vn", role=Role.COUNCIL, province=ca_mau, first_name=first,
                                     last_name=last), f"council {ROLE_WORDS[role]}, Cà Mau ({full_name})"))
    for username, fields, description in specs:
        user, created = User.objects.get_or_create(username=username, defaults=fields)
        if created:
            user.set_password(password)
            user.save()  # offices keep their records on the office's own pages: only "admin" reaches the admin
            if username == "xa" and commune:
                user.communes.add(commune)
        elif fields.get("role") == Role.COUNCIL and not user.role:  # accounts made by an earlier demo
            User.objects.filter(pk=user.pk).update(**{k: v for k, v in fields.items() if k != "email"})
        elif fields.get("role") == Role.PROVINCE and user.is_staff and not user.is_superuser:
            user.is_staff = False  # an earlier demo gave its provincial accounts the admin
            user.save(update_fields=["is_staff"])
            user.user_permissions.clear()
        result.append((username, description))
    _council(ca_mau)
    _round(ca_mau)
    return result


def _council(province) -> None:
    """The provincial council of Cà Mau, set up by the office with the demo council accounts as its members."""
    office = User.objects.get(username="camau")
    council = Council.objects.filter(level="province", province=province, active=True).first()
    if council is None:
        council = council_create(level="province", province=province, user=office,
                                 name="Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Cà Mau",
                                 decision_number="1520/QĐ-UBND", decision_date=timezone.localdate() - dt.timedelta(days=30),
                                 regulation="Quy chế hoạt động ban hành kèm Quyết định 1521/QĐ-UBND")
    seated = set(council.members.values_list("user__username", flat=True))
    for username, role, _full_name, agency in COUNCIL:
        if username not in seated:
            member_add(council=council, role=role, agency=agency, user=office, person=User.objects.get(username=username))


def _round(province) -> None:
    """The statutory round that takes the communes' proposals today."""
    year, number = statutory_round_for("province", timezone.localdate())
    if not Round.objects.filter(level="province", province=province, year=year, number=number).exists():
        round_open(level="province", province=province, year=year, number=number, user=User.objects.get(username="camau"))
