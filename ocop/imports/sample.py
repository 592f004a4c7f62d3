"""A realistic synthetic register for benchmarks and load tests.

All 34 provinces, or one (`province=`: a provincial office's own register, 3★ and 4★ only unless
`five_stars=True`: 5★ is the Ministry's); decisions from 21/08/2019 to today under the criteria
versions, with the group names of the version in force; pre-2025 province (and commune) names on
rows dated before 1 July 2025; producers with several products, upgrades to a higher star as later rows.
"""

import datetime as dt
import random

from ocop.core.dates import add_months
from ocop.core.exports import Sheet, csv_chunks, write_xlsx
from ocop.places.models import Commune, LegacyCommune, LegacyProvince, Province
from ocop.recognitions.models import REFORM_DATE
from ocop.taxonomy.models import CriteriaVersion, ProductGroup

HEADERS = ["STT", "Tên sản phẩm", "Chủ thể", "Loại hình chủ thể", "Mã số thuế", "Xã/Phường", "Tỉnh/Thành phố",
           "Nhóm sản phẩm", "Số sao", "Điểm", "Số quyết định", "Ngày quyết định", "Ngày hết hạn"]
BASES = ["Nước mắm", "Mật ong", "Trà", "Cà phê", "Gạo", "Bánh tráng", "Khô cá", "Tôm khô", "Rượu", "Nem chua", "Miến dong",
         "Chè búp", "Mứt gừng", "Bánh đa", "Tương ớt", "Hạt điều rang muối", "Măng khô", "Tinh dầu sả", "Cao dược liệu",
         "Nấm linh chi", "Giỏ mây tre đan", "Lụa tơ tằm", "Thổ cẩm", "Hoa lan", "Bưởi", "Xoài sấy", "Chả cá", "Giò lụa"]
QUALIFIERS = ["đặc sản", "truyền thống", "hữu cơ", "thượng hạng", "gia truyền", "sạch", "xuất khẩu", "cao cấp", "làng nghề", ""]
LEGAL = [("Hợp tác xã", "HTX", 0.33), ("Doanh nghiệp", "Công ty TNHH", 0.24), ("Hộ kinh doanh", "Cơ sở", 0.38),
         ("Tổ hợp tác", "Tổ hợp tác", 0.05)]
OWNERS = ["An Phát", "Bình Minh", "Cường Thịnh", "Đại Lộc", "Gia Bảo", "Hưng Long", "Kim Thành", "Minh Tâm", "Ngọc Lan",
          "Phú Gia", "Quang Vinh", "Sao Mai", "Tân Phú", "Thành Công", "Trường An", "Việt Hưng", "Xuân Mai", "Yên Bình"]


def _weighted(rng, items):
    r, acc = rng.random(), 0.0
    for item in items:
        acc += item[-1]
        if r <= acc:
            return item
    return items[-1]


def generate_rows(n: int, *, seed: int = 2026, today: dt.date | None = None, province: str | None = None,
                  five_stars: bool | None = None) -> list[list]:
    rng = random.Random(seed)
    today = today or dt.date.today()
    top_stars = 5 if (five_stars if five_stars is not None else province is None) else 4
    versions = list(CriteriaVersion.objects.order_by("in_force_from"))
    groups = {v.pk: [g for g in ProductGroup.objects.filter(version=v) if g.depth in (0, 2)] for v in versions}
    provinces = list(Province.objects.filter(code=province) if province else Province.objects.order_by("code"))
    legacy_by_successor: dict[str, list] = {}
    for lp in LegacyProvince.objects.order_by("code"):
        legacy_by_successor.setdefault(lp.successor_id, []).append(lp)
    communes: dict[str, list[str]] = {}
    for name, province in Commune.objects.values_list("name", "province_id"):
        communes.setdefault(province, []).append(name)
    legacy_communes: dict[str, list[str]] = {}
    for name, lp in LegacyCommune.objects.values_list("name", "district__province_id"):
        legacy_communes.setdefault(lp, []).append(name)
    weights = [3 if p.code in ("01", "79", "31") else 1 for p in provinces]

    start = versions[0].in_force_from
    span = (today - start).days
    producers_by_province: dict[str, list[dict]] = {}
    rows, products = [], []
    tax_seq = rng.randint(10**8, 2 * 10**8)

    def new_producer(province):
        nonlocal tax_seq
        form, prefix, _w = _weighted(rng, LEGAL)
        tax_seq += 1
        producer = {
            "name": f"{prefix} {rng.choice(OWNERS)} {len(producers_by_province.get(province.code, [])) + 1}",
            "form": form,
            "tax": f"{tax_seq:010d}" if form in ("Hợp tác xã", "Doanh nghiệp") else "",
            "products": 0,
            "commune_index": rng.randrange(10_000),
        }
        producers_by_province.setdefault(province.code, []).append(producer)
        return producer

    def place_names(province, day):
        if day < REFORM_DATE:
            legacy = rng.choice(legacy_by_successor[province.code])
            province_text = legacy.name if rng.random() < 0.3 else legacy.short_name
            pool = legacy_communes.get(legacy.code) or communes[province.code]
        else:
            province_text = province.name if rng.random() < 0.3 else province.short_name
            pool = communes[province.code]
        return province_text, pool

    def row_for(product, day, stars):
        version = next(v for v in reversed(versions) if v.in_force_from <= day)
        group = rng.choice(groups[version.pk])
        province_text, pool = place_names(product["province"], day)
        low = {3: 50, 4: 70, 5: 90}[stars]
        score = round(rng.uniform(low, min(low + 19.99, 100)), 2) if rng.random() < 0.8 else None
        expiry = add_months(day, 36) if rng.random() < 0.2 else None
        producer = product["producer"]
        date_cell = day if rng.random() < 0.7 else day.strftime("%d/%m/%Y")
        return [
            len(rows) + 1, product["name"], producer["name"], producer["form"], producer["tax"],
            pool[producer["commune_index"] % len(pool)], province_text, group.name,
            stars if rng.random() < 0.7 else f"{stars} sao", score,
            f"{rng.randint(1, 9999)}/QĐ-UBND-{len(rows) + 1}", date_cell,
            expiry.strftime("%d/%m/%Y") if expiry else None,
        ]

    while len(rows) < n:
        if products and rng.random() < 0.05:
            product = rng.choice(products)
            if product["stars"] < top_stars and product["last"] + dt.timedelta(days=400) < today:
                day = product["last"] + dt.timedelta(days=rng.randint(365, max(366, (today - product["last"]).days)))
                day = min(day, today)
                product["stars"] += 1
                product["last"] = day
                rows.append(row_for(product, day, product["stars"]))
                continue
        province = rng.choices(provinces, weights)[0]
        pool = producers_by_province.get(province.code, [])
        producer = rng.choice(pool) if pool and rng.random() < 0.45 else new_producer(province)
        producer["products"] += 1
        day = start + dt.timedelta(days=int(span * rng.random() ** 0.8))
        stars = min(_weighted(rng, [(3, 0.75), (4, 0.23), (5, 0.02)])[0], top_stars)
        qualifier = rng.choice(QUALIFIERS)
        name = " ".join(x for x in (rng.choice(BASES), qualifier, f"số {producer['products']}") if x)
        product = {"name": name, "producer": producer, "province": province, "stars": stars, "last": day}
        products.append(product)
        rows.append(row_for(product, day, stars))
    return rows


def write_sample(path: str, n: int, *, seed: int = 2026, province: str | None = None,
                 five_stars: bool | None = None) -> int:
    rows = generate_rows(n, seed=seed, province=province, five_stars=five_stars)
    if path.lower().endswith(".csv"):
        dated = ([c.strftime("%d/%m/%Y") if isinstance(c, dt.date) else c for c in row] for row in rows)
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.writelines(csv_chunks(HEADERS, dated))
        return len(rows)
    where = f" {Province.objects.get(code=province).name.upper()}" if province else ""
    write_xlsx(path, [Sheet("Danh sách OCOP", HEADERS, rows,
                            heading=f"DANH SÁCH SẢN PHẨM OCOP{where} (dữ liệu tổng hợp để thử nghiệm)")])
    return len(rows)
