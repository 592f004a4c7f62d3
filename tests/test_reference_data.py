import datetime as dt

import pytest

from ocop.imports.resolve import Resolver
from ocop.places.models import Commune, LegacyCommune, LegacyDistrict, LegacyProvince, Province
from ocop.taxonomy.models import CriteriaVersion, ProductGroup

pytestmark = pytest.mark.django_db


def test_the_2025_map_arrives_with_migrate():
    assert Province.objects.count() == 34
    assert Commune.objects.count() == 3321
    assert Province.objects.get(code="96").short_name == "Cà Mau"


def test_the_63_old_provinces_and_their_districts_are_kept_and_mapped():
    assert LegacyProvince.objects.count() == 63
    assert LegacyDistrict.objects.count() > 690
    assert LegacyProvince.objects.get(short_name="Bạc Liêu").successor_id == "96"
    assert LegacyProvince.objects.get(short_name="Hậu Giang").successor_id == "92"
    assert LegacyProvince.objects.get(short_name="Sóc Trăng").successor_id == "92"
    assert LegacyCommune.objects.filter(successor__isnull=False).count() > 9900


def test_an_old_province_name_before_july_2025_counts_under_the_new_province():
    resolver = Resolver()
    province, legacy, warning = resolver.province("Bạc Liêu", dt.date(2021, 5, 1))
    assert (province.code, legacy.short_name, warning) == ("96", "Bạc Liêu", None)
    province, legacy, _ = resolver.province("Tỉnh Hậu Giang", dt.date(2022, 1, 1))
    assert province.code == "92" and legacy.code == "93"


def test_a_current_name_after_july_2025_has_no_legacy_province():
    province, legacy, warning = Resolver().province("Cà Mau", dt.date(2025, 8, 1))
    assert province.code == "96" and legacy is None and warning is None


def test_unknown_province_is_refused():
    with pytest.raises(ValueError):
        Resolver().province("Atlantis", dt.date(2021, 1, 1))


def test_three_criteria_versions_with_their_dates_and_bands():
    v19, v23, v26 = CriteriaVersion.objects.order_by("in_force_from")
    assert (v19.code, v23.code, v26.code) == ("1048-2019", "148-2023", "26-2026")
    assert v19.in_force_to == dt.date(2023, 2, 23) and v23.in_force_from == dt.date(2023, 2, 24)
    assert v23.in_force_to == dt.date(2026, 7, 20), "148 lapses 60 days after 26/2026 takes effect (Art. 11)"
    assert v26.in_force_from == dt.date(2026, 5, 22) and v26.in_force_to is None and v26.decision == "26/2026/QĐ-TTg"
    for version in (v19, v23, v26):
        assert version.validity_months == 36 and str(version.min_score_for(4)) == "70" and version.recognised_min_stars == 3


def test_taxonomy_has_every_level_and_maps_2019_groups_to_2023():
    for version in CriteriaVersion.objects.all():
        tops = ProductGroup.objects.filter(version=version, depth=0)
        assert tops.count() == 6
        assert ProductGroup.objects.filter(version=version, depth=2).count() == 26
    herbal = ProductGroup.objects.get(code="1048-3")
    assert herbal.name == "Thảo dược"
    assert herbal.maps_to.name == "Dược liệu và sản phẩm từ dược liệu"


def test_groups_resolve_only_in_the_version_in_force_on_the_date():
    resolver = Resolver()
    v19, _ = resolver.version_on(dt.date(2021, 6, 1))
    v23, _ = resolver.version_on(dt.date(2024, 6, 1))
    assert resolver.group("Vải và may mặc", v19).code == "1048-4"
    assert resolver.group("thuc pham", v23).code == "148-1"
    with pytest.raises(ValueError, match="1048"):
        resolver.group("Thảo dược", v23)
