"""Demo accounts, one per role (created only if missing; passwords reset to the demo one)."""

from django.contrib.auth.models import Permission

from ocop.accounts.models import Role, User
from ocop.evaluation.models import Council, Member
from ocop.places.models import Commune, Province
from ocop.producers.models import Producer


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
    specs += [(f"hoidong{i}", dict(email=f"hoidong{i}@example.vn"), f"council {role}, Cà Mau") for i, role in
              enumerate(("chair", "member", "member", "member", "secretary"), start=1)]
    for username, fields, description in specs:
        user, created = User.objects.get_or_create(username=username, defaults=fields)
        if created:
            user.set_password(password)
            if fields.get("role") == Role.PROVINCE:
                user.is_staff = True  # records points of sale, channels, exports and events in the admin
            user.save()
            if username == "xa" and commune:
                user.communes.add(commune)
            if fields.get("role") == Role.PROVINCE:
                user.user_permissions.set(Permission.objects.filter(content_type__app_label="promotion"))
        result.append((username, description))
    _council(ca_mau)
    return result


def _council(province) -> None:
    """The provincial council of Cà Mau, with the demo council accounts as its members."""
    council, _created = Council.objects.get_or_create(level="province", province=province,
                                                      defaults={"name": "Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Cà Mau"})
    agencies = ["Sở Nông nghiệp và Môi trường", "Sở Y tế", "Sở Khoa học và Công nghệ", "Sở Công Thương",
                "Văn phòng Điều phối nông thôn mới tỉnh"]
    for i, role in enumerate(("chair", "member", "member", "member", "secretary"), start=1):
        user = User.objects.get(username=f"hoidong{i}")
        Member.objects.get_or_create(council=council, user=user, defaults={"role": role, "agency": agencies[i - 1]})
