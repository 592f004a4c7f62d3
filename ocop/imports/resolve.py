"""Reference look-ups for an import: provinces (current and pre-2025 names), communes and
product groups of the criteria version in force on a date. Loaded once per import, and each answer kept for
the rest of the import: a register names the same few provinces, communes and groups on thousands of rows."""

import datetime as dt

from django.utils.translation import gettext as _

from ocop.core.text import fold, fold_place
from ocop.places.models import Commune, LegacyCommune, LegacyProvince, Province
from ocop.recognitions.models import REFORM_DATE
from ocop.taxonomy.models import CriteriaVersion, ProductGroup
from ocop.taxonomy.versions import choose

# Common ways of writing province names that the official names do not cover.
PROVINCE_ALIASES = {
    "hcm": ("current", "79"), "tphcm": ("current", "79"), "tp hcm": ("current", "79"), "sai gon": ("current", "79"),
    "ho chi minh city": ("current", "79"), "hn": ("current", "01"), "ha noi city": ("current", "01"),
    "thua thien hue": ("legacy", "46"), "tt hue": ("legacy", "46"), "hue": ("current", "46"),
    "dac lac": ("current", "66"), "dak lak": ("current", "66"), "dac nong": ("legacy", "67"),
    "ba ria vung tau": ("legacy", "77"), "brvt": ("legacy", "77"), "can tho city": ("current", "92"),
}


class Resolver:
    def __init__(self):
        self.provinces = {p.code: p for p in Province.objects.all()}
        self.legacy = {p.code: p for p in LegacyProvince.objects.select_related("successor")}
        self.current_by_name = {p.name_folded: p for p in self.provinces.values()}
        self.legacy_by_name = {p.name_folded: p for p in self.legacy.values()}
        self.versions = list(CriteriaVersion.objects.order_by("in_force_from"))
        self.groups_by_version: dict[int, dict[str, ProductGroup]] = {}
        self.groups_by_code = {}
        self.group_name_versions: dict[str, list[ProductGroup]] = {}
        for g in ProductGroup.objects.select_related("version", "maps_to").order_by("depth", "position"):
            names = self.groups_by_version.setdefault(g.version_id, {})
            for name in (g.name, *g.aliases):
                key = fold(name)
                names.setdefault(key, g)
                self.group_name_versions.setdefault(key, []).append(g)
            names.setdefault(fold(g.code), g)
            self.groups_by_code[g.code] = g
        self._communes = None
        self._answers: dict[tuple, object] = {}

    def _remembered(self, key: tuple, work):
        """work()'s answer (or its ValueError) for key, worked out once per import."""
        answer = self._answers.get(key)
        if answer is None:
            try:
                answer = (work(), None)
            except ValueError as exc:
                answer = (None, str(exc))
            self._answers[key] = answer
        if answer[1] is not None:
            raise ValueError(answer[1])
        return answer[0]

    # -- provinces -------------------------------------------------------------------------
    def province(self, text: str, decision_date: dt.date | None):
        """→ (current Province, LegacyProvince or None, warning or None); ValueError if unknown."""
        before_reform = decision_date is not None and decision_date < REFORM_DATE
        return self._remembered(("province", text, decision_date is None, before_reform),
                                lambda: self._province(text, decision_date))

    def _province(self, text: str, decision_date: dt.date | None):
        key = fold_place(text)
        if not key:
            raise ValueError(_("the province is missing"))
        current = self.current_by_name.get(key)
        legacy = self.legacy_by_name.get(key)
        if key.isdigit():
            current = self.provinces.get(key.zfill(2))
            legacy = None
        alias = PROVINCE_ALIASES.get(key) or PROVINCE_ALIASES.get(fold(text))
        if alias and not current and not legacy:
            if alias[0] == "current":
                current = self.provinces.get(alias[1])
            else:
                legacy = self.legacy.get(alias[1])
        if current is None and legacy is None:
            raise ValueError(_("unknown province (neither one of the 34 provinces nor a pre-2025 province)"))
        before_reform = decision_date is not None and decision_date < REFORM_DATE
        if legacy is not None and (before_reform or current is None):
            warning = None
            if not before_reform and decision_date is not None:
                warning = _("a pre-2025 province name on a decision after 01/07/2025; counted under %(p)s") % {
                    "p": legacy.successor.short_name
                }
            return legacy.successor, legacy, warning
        return current, None, None

    # -- communes --------------------------------------------------------------------------
    def _load_communes(self):
        current: dict[tuple[str, str], list] = {}
        for code, province_id, folded in Commune.objects.values_list("code", "province_id", "name_folded"):
            current.setdefault((province_id, folded), []).append(code)
        legacy: dict[tuple[str, str], list] = {}
        for folded, successor, legacy_province in LegacyCommune.objects.filter(successor__isnull=False).values_list(
            "name_folded", "successor_id", "district__province_id"
        ):
            legacy.setdefault((legacy_province, folded), []).append(successor)
        self._communes = (current, legacy)

    def commune(self, text: str, province: Province, legacy_province: LegacyProvince | None) -> str | None:
        """The 2025 commune code for a name in a province, via the pre-2025 commune if needed;
        None when it cannot be told (not found or ambiguous)."""
        key = ("commune", text, province.code, legacy_province.code if legacy_province else None)
        return self._remembered(key, lambda: self._commune(text, province, legacy_province))

    def _commune(self, text: str, province: Province, legacy_province: LegacyProvince | None) -> str | None:
        if self._communes is None:
            self._load_communes()
        current, legacy = self._communes
        key = fold_place(text)
        found = current.get((province.code, key), [])
        if len(found) == 1:
            return found[0]
        if legacy_province is not None:
            sources = [legacy_province.code]
        else:
            sources = [code for code, p in self.legacy.items() if p.successor_id == province.code]
        successors = {s for code in sources for s in legacy.get((code, key), [])}
        if len(successors) == 1:
            return successors.pop()
        return None

    # -- criteria versions and groups ------------------------------------------------------
    def version_on(self, day: dt.date) -> tuple[CriteriaVersion, bool]:
        """The version in force on a day; before the first one, the first (flagged True)."""
        return choose(self.versions, day, lambda v: v.in_force_from)

    def group(self, text: str, version: CriteriaVersion) -> ProductGroup:
        return self._remembered(("group", text, version.pk), lambda: self._group(text, version))

    def _group(self, text: str, version: CriteriaVersion) -> ProductGroup:
        key = fold(text)
        if not key:
            raise ValueError(_("the product group is missing"))
        found = self.groups_by_version.get(version.pk, {}).get(key) or self.groups_by_code.get(text.strip())
        if found is not None and found.version_id == version.pk:
            return found
        elsewhere = self.group_name_versions.get(key) or ([found] if found else [])
        if elsewhere:
            other = elsewhere[0]
            hint = ""
            if other.maps_to and other.maps_to.version_id == version.pk:
                hint = _(" (the corresponding group is “%(name)s”)") % {"name": other.maps_to.name}
            raise ValueError(
                _("“%(group)s” is a group of %(other)s, but on this date %(version)s applied%(hint)s")
                % {"group": other.name, "other": other.version.decision, "version": version.decision, "hint": hint}
            )
        raise ValueError(
            _("unknown product group for %(version)s (e.g. %(examples)s)")
            % {
                "version": version.decision,
                "examples": ", ".join(
                    f"“{g.name}”" for g in self.groups_by_code.values() if g.version_id == version.pk and g.depth == 0
                ),
            }
        )
