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

# What the short name leaves out of the official one.
_PROVINCE_PREFIX = re.compile(r"^(Thành phố|Tỉnh)\s+")
_COMMUNE_PREFIX = re.compile(r"^(Xã|Phường|Đặc khu)\s+")
_DISTRICT_PREFIX = re.compile(r"^(Quận|Huyện|Thị xã|Thành phố)\s+")


def _code(value, width: int) -> str:
    return str(int(value)).zfill(width)


def _names(place, width: int, prefix: re.Pattern | None = None) -> dict:
    """The fields of every place row: its code, official name and folded name, and its short
    name where the model has one (the official name without `prefix`)."""
    fields = {"code": _code(place.code, width), "name": place.name, "name_folded": fold_place(place.name)}
    if prefix is not None:
        fields["short_name"] = prefix.sub("", place.name)
    return fields


def _upsert(model, rows, fields):
    model.objects.bulk_create(
        rows, batch_size=1000, update_conflicts=True, unique_fields=["code"], update_fields=fields
    )


def load_places(Province, Commune, LegacyProvince, LegacyDistrict, LegacyCommune) -> None:
    """The 2025 map, then the pre-2025 one with each place's successor on it."""
    _upsert(Province, [Province(**_names(p, 2, _PROVINCE_PREFIX), division_type=str(p.division_type),
                                codename=p.codename.replace("_", "-")) for p in VP.iter_all()],
            ["name", "short_name", "division_type", "codename", "name_folded"])
    _upsert(Commune, [Commune(**_names(w, 5, _COMMUNE_PREFIX), province_id=_code(w.province_code, 2),
                              division_type=str(w.division_type)) for w in VW.iter_all()],
            ["province", "name", "short_name", "division_type", "name_folded"])
    votes = _ward_votes()
    _upsert(LegacyProvince, [LegacyProvince(**_names(p, 2, _PROVINCE_PREFIX),
                                            successor_id=_province_successor(int(p.code), votes))
                             for p in LP.iter_all()],
            ["name", "short_name", "name_folded", "successor"])
    _upsert(LegacyDistrict, [LegacyDistrict(**_names(d, 3, _DISTRICT_PREFIX), province_id=_code(d.province_code, 2))
                             for d in LD.iter_all()],
            ["province", "name", "short_name", "name_folded"])
    communes = set(Commune.objects.values_list("code", flat=True))
    _upsert(LegacyCommune, [LegacyCommune(**_names(w, 5), district_id=_code(w.district_code, 3),
                                          successor_id=_commune_successor(int(w.code), communes))
                            for w in LW.iter_all()],
            ["district", "name", "name_folded", "successor"])


def _ward_votes() -> dict[int, Counter]:
    """Per pre-2025 province, how many of its wards went to each 2025 province."""
    votes: dict[int, Counter] = {}
    for entry in WARD_OLD_TO_NEW.values():
        for new in entry.new_wards:
            votes.setdefault(int(entry.old_ward.province_code), Counter())[int(new.province_code)] += 1
    return votes


def _province_successor(old_code: int, votes: dict[int, Counter]) -> str:
    """A pre-2025 province became part of one 2025 province; where the package lists several
    (a few wards moved across), the successor is the one that took most of its wards."""
    counted = votes.get(old_code)
    if counted:
        return _code(counted.most_common(1)[0][0], 2)
    return _code(PROVINCE_OLD_TO_NEW[old_code].new_provinces[0].code, 2)


def _commune_successor(old_code: int, communes: set[str]) -> str | None:
    """The first 2025 commune the package names for a pre-2025 one, if it is on the map."""
    entry = WARD_OLD_TO_NEW.get(old_code)
    if entry and entry.new_wards:
        candidate = _code(entry.new_wards[0].code, 5)
        return candidate if candidate in communes else None
    return None
