"""Demo data that reproduces the figures published in the seed articles.

- Cà Mau, 2021: 44 products of 25 producers recognised (35 food, 5 beverages,
  1 handicraft/decoration, 3 textile, 2019 criteria groups); province total 77 products,
  of which 3 four-star.
- Cần Thơ: 92 recognised products; 36 products of 20 producers certified in 2023.

Every record is marked is_demo. Loading twice changes nothing.
"""

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from ocop.accounts.models import User
from ocop.certificates.models import Certificate
from ocop.places.models import Commune, LegacyProvince, Province
from ocop.plans.models import BudgetLine, Disbursement, Plan, Support, Target
from ocop.producers.models import LegalForm, Producer, Product
from ocop.promotion.models import Channel, Event, ExportRecord, Listing, Participation, PointOfSale
from ocop.recognitions.models import REFORM_DATE, Recognition
from ocop.recognitions.services import recognitions_write
from ocop.taxonomy.models import CriteriaVersion, ProductGroup

FOOD = ["Khô cá dứa", "Tôm khô", "Ba khía muối", "Mật ong rừng U Minh", "Mắm tôm chà", "Chả cá thác lác", "Bánh phồng tôm",
        "Cá khô bổi", "Nước mắm", "Cua sấy", "Khô cá lóc", "Mắm ba khía", "Tôm sú đông lạnh", "Bánh tráng", "Lạp xưởng tôm",
        "Cá bổi", "Khô cá sặc rằn", "Gạo ST25", "Bánh gai", "Chuối sấy", "Mắm cá lóc", "Khô mực", "Tôm tít khô", "Chà bông cá"]
DRINK = ["Rượu hoa hồng", "Trà mãng cầu", "Nước cốt dừa", "Rượu mật ong", "Trà khổ qua rừng", "Nước ép thơm"]
HANDICRAFT = ["Sản phẩm đan lát từ cây lác", "Giỏ bàng thủ công", "Tranh gỗ lũa"]
TEXTILE = ["Áo bà ba", "Khăn rằn", "Túi xách vải thổ cẩm"]
PLACES_BY_PROVINCE = {
    "96": ["Sông Đốc", "Rạch Gốc", "Năm Căn", "U Minh", "Đầm Dơi", "Cái Nước", "Trần Văn Thời", "Ngọc Hiển", "Tân Thành"],
    "92": ["Phong Điền", "Cái Răng", "Ô Môn", "Thốt Nốt", "Vĩnh Thạnh", "Cờ Đỏ", "Bình Thủy", "Ninh Kiều", "Thới Lai"],
}
PRODUCER_KINDS = [  # roughly the national mix: a third cooperatives, a quarter enterprises, the rest households
    (LegalForm.COOPERATIVE, "HTX {}"), (LegalForm.HOUSEHOLD, "Cơ sở {}"), (LegalForm.ENTERPRISE, "Công ty TNHH {}"),
    (LegalForm.HOUSEHOLD, "Hộ kinh doanh {}"), (LegalForm.COOPERATIVE, "HTX {}"), (LegalForm.HOUSEHOLD, "Cơ sở {}"),
    (LegalForm.ENTERPRISE, "Công ty TNHH {}"), (LegalForm.COOPERATIVE_GROUP, "Tổ hợp tác {}"),
]
OWNER_NAMES = ["Ba Thưa", "Út Hiền", "Năm Lợi", "Tư Sang", "Hai Lúa", "Bảy Nhàn", "Sáu Tâm", "Mười Hòa", "Chín Phúc", "Thanh Tâm",
               "Minh Khang", "Hồng Phát", "Phú Quý", "Tấn Lộc", "Kim Ngân", "Ngọc Ánh", "Hoàng Long", "Thái Bình", "Quốc Việt",
               "Bảo An", "Đại Thành", "Mỹ Lan", "Thuận Phát", "Hưng Thịnh", "Gia Huy", "Trường Giang", "Tân Tiến", "Vạn Lợi"]


def _tax_code(rng: random.Random) -> str:
    return "".join(str(rng.randint(0, 9)) for _ in range(10))


class _Builder:
    def __init__(self, province_code: str, seed: int):
        self.rng = random.Random(seed)
        self.province = Province.objects.get(code=province_code)
        self.legacy = LegacyProvince.objects.get(code=province_code)
        self.communes = list(Commune.objects.filter(province=self.province).order_by("code"))
        self.producers: list[Producer] = []
        self.counter = 0
        self.pending: list[Recognition] = []
        self.used_names: set[tuple[int, str]] = set()
        self.places = PLACES_BY_PROVINCE[province_code]

    def producer(self, name: str | None = None, legal_form: str | None = None) -> Producer:
        kind, pattern = PRODUCER_KINDS[len(self.producers) % len(PRODUCER_KINDS)]
        legal_form = legal_form or kind
        owner = OWNER_NAMES[len(self.producers) % len(OWNER_NAMES)]
        place = self.places[len(self.producers) % len(self.places)]
        producer = Producer.objects.create(
            name=name or pattern.format(f"{owner} {place}" if kind != LegalForm.COOPERATIVE else f"Nông nghiệp {place} {owner}"),
            legal_form=legal_form,
            tax_code=_tax_code(self.rng) if legal_form in (LegalForm.ENTERPRISE, LegalForm.COOPERATIVE) else "",
            representative=f"Nguyễn Văn {owner.split()[-1]}",
            phone=f"09{self.rng.randint(10000000, 99999999)}",
            email=f"lienhe{len(self.producers) + 1}.{self.province.codename}@example.vn",
            province=self.province,
            commune=self.communes[(len(self.producers) * 7) % len(self.communes)],
            woman_led=self.rng.random() < 0.3,
            ethnic_minority=self.rng.random() < 0.08,
            is_demo=True,
        )
        self.producers.append(producer)
        return producer

    def recognise(self, producer, names: list[str], group_code: str, stars: int, day: dt.date):
        group = ProductGroup.objects.get(code=group_code)
        version = group.version
        self.counter += 1
        base = names[self.counter % len(names)]
        name = f"{base} {self.places[(self.counter // len(names)) % len(self.places)]}"
        suffix = 1
        while (producer.pk, name) in self.used_names:
            suffix += 1
            name = f"{base} {self.places[(self.counter // len(names)) % len(self.places)]} loại {suffix}"
        self.used_names.add((producer.pk, name))
        product = Product.objects.create(producer=producer, name=name, group=group, is_demo=True)
        number = f"{self.rng.randint(100, 3999)}/QĐ-UBND"
        low, high = {3: (50, 69), 4: (70, 89), 5: (90, 96)}[stars]
        self.pending.append(Recognition(
            product=product, stars=stars, score=Decimal(self.rng.randint(low * 10, high * 10)) / 10,
            criteria_version=version, group=group, decision_number=number, decision_date=day, province=self.province,
            legacy_province=self.legacy if day < REFORM_DATE else None, is_demo=True,
        ))
        return product

    def write(self) -> None:
        """Record the recognitions through the register's one write path."""
        recognitions_write(new=self.pending)
        self.pending = []


def _days(rng, start: dt.date, end: dt.date, n: int) -> list[dt.date]:
    span = (end - start).days
    return sorted(start + dt.timedelta(days=rng.randint(0, span)) for _ in range(n))


def _ca_mau():
    b = _Builder("96", seed=2021)
    # 2019-2020: 33 products (77 - 44) of 18 producers; one of them 4-star.
    early = [b.producer() for _ in range(18)]
    groups = ["1048-1"] * 27 + ["1048-2"] * 3 + ["1048-5"] * 2 + ["1048-3"] * 1
    for i, (day, group) in enumerate(zip(_days(b.rng, dt.date(2019, 10, 1), dt.date(2020, 12, 20), 33), groups)):
        names = {"1048-1": FOOD, "1048-2": DRINK, "1048-5": HANDICRAFT, "1048-3": ["Trà mật nhân", "Cao lá sâm"]}[group]
        b.recognise(early[i % len(early)], names, group, 4 if i == 5 else 3, day)
    # 2021: 44 products of 25 producers: 35 food, 5 beverages, 1 handicraft, 3 textile; two 4-star.
    phuc_thinh = b.producer("Công ty TNHH Sản xuất - Thương mại - Xây dựng Phúc Thịnh", LegalForm.ENTERPRISE)
    returning = early[:6]
    new = [b.producer() for _ in range(18)]
    makers = [phuc_thinh, *returning, *new]  # 25 producers
    plan = ["1048-1"] * 35 + ["1048-2"] * 5 + ["1048-5"] + ["1048-4"] * 3
    days = _days(b.rng, dt.date(2021, 3, 1), dt.date(2021, 12, 15), 44)
    for i, (day, group) in enumerate(zip(days, plan)):
        names = {"1048-1": FOOD, "1048-2": DRINK, "1048-5": HANDICRAFT, "1048-4": TEXTILE}[group]
        producer = phuc_thinh if i < 3 else makers[i % len(makers)]
        b.recognise(producer, names, group, 4 if i in (0, 17) else 3, day)
    b.write()


def _can_tho():
    b = _Builder("92", seed=2023)
    # 2019-2022: 56 products (92 - 36) of 30 producers, 1048 groups.
    early = [b.producer() for _ in range(30)]
    groups = ["1048-1"] * 40 + ["1048-2"] * 8 + ["1048-3"] * 4 + ["1048-5"] * 3 + ["1048-6"]
    for i, (day, group) in enumerate(zip(_days(b.rng, dt.date(2019, 11, 1), dt.date(2022, 12, 20), 56), groups)):
        names = {"1048-1": FOOD, "1048-2": DRINK, "1048-3": ["Trà mãng cầu", "Tinh dầu sả"], "1048-5": HANDICRAFT,
                 "1048-6": ["Điểm du lịch vườn trái cây"]}[group]
        b.recognise(early[i % len(early)], names, group, 4 if i % 9 == 0 else 3, day)
    # 2023: 36 products of 20 producers certified (2023 criteria).
    makers = early[:8] + [b.producer() for _ in range(12)]
    groups = ["148-1.3"] * 22 + ["148-1.2"] * 5 + ["148-2.2"] * 5 + ["148-3.1"] * 2 + ["148-4.1"] * 2
    days = _days(b.rng, dt.date(2023, 4, 1), dt.date(2023, 12, 28), 36)
    for i, (day, group) in enumerate(zip(days, groups)):
        names = {"148-1.3": FOOD, "148-1.2": FOOD, "148-2.2": DRINK, "148-3.1": ["Trà mãng cầu", "Cao lá sâm"],
                 "148-4.1": HANDICRAFT}[group]
        b.recognise(makers[i % len(makers)], names, group, 4 if i % 4 == 0 else 3, day)
    b.write()


def demo_loaded() -> bool:
    return Producer.objects.filter(is_demo=True).exists()


@transaction.atomic
def load_demo(*, reset: bool = False) -> bool:
    """Load the demo register; returns False when it was already there (and reset is off)."""
    if reset:
        Plan.objects.filter(notes__endswith="(dữ liệu mẫu)").delete()
        for model in (Support, Listing, ExportRecord, PointOfSale, Event):
            model.objects.filter(is_demo=True).delete()
        Certificate.objects.filter(recognition__is_demo=True).delete()
        Recognition.objects.filter(is_demo=True).delete()
        Product.objects.filter(is_demo=True).delete()
        User.objects.filter(producer__is_demo=True).update(producer=None)
        Producer.objects.filter(is_demo=True).delete()
    if demo_loaded():
        return False
    if not CriteriaVersion.objects.exists():
        raise RuntimeError("reference data missing: run `ocop migrate` first")
    _ca_mau()
    _can_tho()
    _promotion()
    _plans()
    return True


def _promotion():
    """Cà Mau 2021 from the seed article: 5 tourism display points; 29 products of 16 producers in
    distribution systems; 3 products of Phúc Thịnh exported to Australia, Canada and Singapore."""
    ca_mau = Province.objects.get(code="96")
    recognised = list(Product.objects.filter(is_demo=True, recognitions__province=ca_mau,
                                             recognitions__decision_date__year__lte=2021).distinct().order_by("pk"))
    communes = list(Commune.objects.filter(province=ca_mau).order_by("code")[:10])
    places = ["Khu du lịch Mũi Cà Mau", "Khu du lịch Hòn Đá Bạc", "Vườn quốc gia U Minh Hạ", "Chợ nổi Cà Mau",
              "Đầm Thị Tường"]
    # where the places are, roughly (WGS 84), for the product pages' map links and "nearest first"
    where = [(8.6157, 104.7247), (9.1650, 104.8090), (9.2370, 104.9420), (9.1800, 105.1450), (9.1250, 104.9650)]
    for i, name in enumerate(places):
        point = PointOfSale.objects.create(name=f"Điểm trưng bày OCOP {name}", kind=PointOfSale.Kind.TOURISM_DISPLAY,
                                           address=name, province=ca_mau, commune=communes[i % len(communes)], is_demo=True,
                                           latitude=where[i][0], longitude=where[i][1], opening_hours="7:00–17:00 hằng ngày")
        point.products.set(recognised[i * 9:(i + 1) * 9])
    centre = PointOfSale.objects.create(name="Trung tâm giới thiệu sản phẩm OCOP Cà Mau", kind=PointOfSale.Kind.OCOP_CENTRE,
                                        address="Phường An Xuyên", province=ca_mau, is_demo=True, opened_on=dt.date(2021, 6, 1),
                                        latitude=9.1900, longitude=105.1520,
                                        opening_hours="7:30–21:00, thứ Hai – Chủ nhật")
    centre.products.set(recognised[:30])
    chains = [Channel.objects.get_or_create(name=n, defaults={"kind": k})[0] for n, k in (
        ("Co.opmart", Channel.Kind.SUPERMARKET), ("Bách hóa Xanh", Channel.Kind.SUPERMARKET),
        ("Sàn thương mại điện tử OCOP", Channel.Kind.ECOMMERCE))]
    # 29 products of 16 producers in distribution systems in 2021.
    by_producer: dict[int, list] = {}
    for product in recognised:
        by_producer.setdefault(product.producer_id, []).append(product)
    chosen, producers = [], 0
    for products in sorted(by_producer.values(), key=len, reverse=True):
        if producers == 16:
            break
        room = 29 - len(chosen) - (15 - producers)  # keep one product for each producer still to come
        take = products[:max(1, min(len(products), room))]
        chosen.extend(take)
        producers += 1
    for i, product in enumerate(chosen[:29]):
        Listing.objects.create(channel=chains[i % len(chains)], product=product, since=dt.date(2021, 3 + i % 9, 1), is_demo=True)
    phuc_thinh = Producer.objects.get(is_demo=True, name__contains="Phúc Thịnh")
    for product in phuc_thinh.products.order_by("pk")[:3]:
        for code, country in (("AU", "Úc"), ("CA", "Canada"), ("SG", "Singapore")):
            ExportRecord.objects.create(product=product, country=code, country_name=country, year=2021, is_demo=True)
    fair = Event.objects.create(name="Hội chợ kết nối cung cầu sản phẩm OCOP Cà Mau", kind=Event.Kind.TRADE_CONFERENCE,
                                starts_on=dt.date(2021, 12, 10), ends_on=dt.date(2021, 12, 14), place="Trung tâm Hội nghị tỉnh Cà Mau",
                                province=ca_mau, organiser="UBND tỉnh Cà Mau", booths=52, is_demo=True)
    for producer in {p.producer for p in recognised[:20]}:
        Participation.objects.create(event=fair, producer=producer)


def _plans():
    """Cà Mau's 2021 plan (30 products; 44 recognised → 147%) and Cần Thơ's 2023 plan with its 3,8 tỷ đồng."""
    ca_mau, can_tho = Province.objects.get(code="96"), Province.objects.get(code="92")
    plan = Plan.objects.create(province=ca_mau, year=2021, notes="Kế hoạch OCOP năm 2021 (dữ liệu mẫu)")
    Target.objects.create(plan=plan, indicator="recognised_products", value=30)
    plan = Plan.objects.create(province=can_tho, year=2023, notes="Kế hoạch OCOP năm 2023 (dữ liệu mẫu)")
    for code, value in (("products_standardised", 92), ("new_3_star", 10), ("new_4_star", 10), ("new_5_star", 2)):
        Target.objects.create(plan=plan, indicator=code, value=value)
    lines = {}
    for activity, amount in (("guidance", 600_000_000), ("councils", 400_000_000), ("promotion", 1_200_000_000),
                             ("support", 1_000_000_000), ("design", 400_000_000), ("digital", 200_000_000)):
        lines[activity] = BudgetLine.objects.create(plan=plan, activity=activity, allocation=amount)
    Disbursement.objects.create(line=lines["councils"], date=dt.date(2023, 6, 30), amount=180_000_000, document="Chứng từ 15/2023")
    Disbursement.objects.create(line=lines["promotion"], date=dt.date(2023, 9, 15), amount=750_000_000, document="Chứng từ 42/2023")
    support_line = lines["support"]
    products = list(Product.objects.filter(is_demo=True, recognitions__province=can_tho).distinct().order_by("pk")[:3])
    for product in products:
        Support.objects.create(producer=product.producer, product=product, kind=Support.Kind.CERTIFICATION,
                               date=dt.date(2023, 3, 1), amount=50_000_000, budget_line=support_line,
                               description="Hỗ trợ chứng nhận HACCP", is_demo=True)
    Disbursement.objects.create(line=support_line, date=dt.date(2023, 3, 1), amount=150_000_000, document="Chứng từ 08/2023")
