"""Load the administrative map from the `vietnam-provinces` package (codes are the keys).

Called by a data migration with historical models, so it takes the model classes as arguments.
Idempotent: rows are upserted by code.
"""

import re
from collections import Counter

from vietnam_provinces import Province as VP, Ward as VW
from vietnam_provinces._province_conversion_2025 import OLD_TO_NEW as PROVINCE_OLD_TO_NEW
from vietnam_provinces._ward_conversion_2025 import OLD_TO_NEW as WARD_OLD_TO_NEW
from vietnam_provinces.legacy.base import District as LD, Province as LP, Ward as LW

from ocop.core.text import fold_place

_PREFIX = re.compile(r"^(Thành phố|Tỉnh)\s+")


def _short(name: str) -> str:
    return _PREFIX.sub("", name)


def _code(value, width: int) -> str:
    return str(int(value)).zfill(width)


def _upsert(model, rows, fields):
    model.objects.bulk_create(
        rows, batch_size=1000, update_conflicts=True, unique_fields=["code"], update_fields=fields
    )


def load_places(Province, Commune, LegacyProvince, LegacyDistrict, LegacyCommune) -> None:
    _upsert(
        Province,
        [
            Province(
                code=_code(p.code, 2),
                name=p.name,
                short_name=_short(p.name),
                division_type=str(p.division_type),
                codename=p.codename.replace("_", "-"),
                name_folded=fold_place(p.name),
            )
            for p in VP.iter_all()
        ],
        ["name", "short_name", "division_type", "codename", "name_folded"],
    )
    _upsert(
        Commune,
        [
            Commune(
                code=_code(w.code, 5),
                province_id=_code(w.province_code, 2),
                name=w.name,
                short_name=re.sub(r"^(Xã|Phường|Đặc khu)\s+", "", w.name),
                division_type=str(w.division_type),
                name_folded=fold_place(w.name),
            )
            for w in VW.iter_all()
        ],
        ["province", "name", "short_name", "division_type", "name_folded"],
    )

    # A pre-2025 province became part of one 2025 province; where the package lists several
    # (a few wards moved across), the successor is the one that took most of its wards.
    ward_votes: dict[int, Counter] = {}
    for entry in WARD_OLD_TO_NEW.values():
        for new in entry.new_wards:
            ward_votes.setdefault(int(entry.old_ward.province_code), Counter())[int(new.province_code)] += 1

    def successor_of(old_code: int) -> str:
        votes = ward_votes.get(old_code)
        if votes:
            return _code(votes.most_common(1)[0][0], 2)
        return _code(PROVINCE_OLD_TO_NEW[old_code].new_provinces[0].code, 2)

    _upsert(
        LegacyProvince,
        [
            LegacyProvince(
                code=_code(p.code, 2),
                name=p.name,
                short_name=_short(p.name),
                name_folded=fold_place(p.name),
                successor_id=successor_of(int(p.code)),
            )
            for p in LP.iter_all()
        ],
        ["name", "short_name", "name_folded", "successor"],
    )
    _upsert(
        LegacyDistrict,
        [
            LegacyDistrict(
                code=_code(d.code, 3),
                province_id=_code(d.province_code, 2),
                name=d.name,
                short_name=re.sub(r"^(Quận|Huyện|Thị xã|Thành phố)\s+", "", d.name),
                name_folded=fold_place(d.name),
            )
            for d in LD.iter_all()
        ],
        ["province", "name", "short_name", "name_folded"],
    )
    existing_communes = set(Commune.objects.values_list("code", flat=True))
    rows = []
    for w in LW.iter_all():
        entry = WARD_OLD_TO_NEW.get(int(w.code))
        successor = None
        if entry and entry.new_wards:
            candidate = _code(entry.new_wards[0].code, 5)
            successor = candidate if candidate in existing_communes else None
        rows.append(
            LegacyCommune(
                code=_code(w.code, 5),
                district_id=_code(w.district_code, 3),
                name=w.name,
                name_folded=fold_place(w.name),
                successor_id=successor,
            )
        )
    _upsert(LegacyCommune, rows, ["district", "name", "name_folded", "successor"])
