"""Register statistics: the figures the seed articles report, from the recognitions.

How things are counted (the same for the dashboard and GET /api/v1/stats):
- the recognitions matching the filters are taken (province = the 2025 province they count
  under; year = year of the decision; group = that group and its sub-groups; stars; status as
  of today — when no status is given every recognition counts, whatever happened since, so a
  past year's figures stay as reported);
- each product counts once, with its latest matching recognition (decision date, then id):
  "products" is the number of such products, "producers" the number of their producers, and
  the breakdowns (stars, group, year, province, legal form, status) use that recognition.
The work is a fixed number of queries whatever the data size: one over the matching
recognitions, plus small reference look-ups.
"""

import datetime as dt
from collections import Counter
from dataclasses import asdict, dataclass

from django.db import connection
from django.db.models import CharField
from django.db.models.functions import Cast, Substr
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ocop.core.shared_cache import cached
from ocop.places.models import Province
from ocop.producers.models import LegalForm
from ocop.recognitions.filters import RegisterFilter, filtered_recognitions
from ocop.recognitions.models import Status, status_expression
from ocop.taxonomy.mapping import placements
from ocop.taxonomy.models import CriteriaVersion, ProductGroup

from .counts import Counts
from .counts import counts as aggregate_counts
from .counts import ready as aggregate_ready

@dataclass
class Stats:
    products: int
    producers: int
    recognitions: int
    by_stars: dict[str, int]
    by_group: list[dict]
    by_group_current: list[dict]
    by_year: list[dict]
    by_province: list[dict]
    by_legal_form: list[dict]
    by_status: dict[str, int]

    def as_dict(self) -> dict:
        return {
            "products": self.products,
            "producers": self.producers,
            "recognitions": self.recognitions,
            "by_stars": self.by_stars,
            "by_group": self.by_group,
            "by_group_current": self.by_group_current,
            "by_year": self.by_year,
            "by_province": self.by_province,
            "by_legal_form": self.by_legal_form,
            "by_status": self.by_status,
        }


def _matching_rows(f: RegisterFilter, today: dt.date):
    """(product, producer, legal form, stars, group, province, decision year, status) of every
    matching recognition, ordered so that each product's latest comes last; read with a raw
    cursor: no model instances, and the year as text so that no per-row date converter runs."""
    qs = (
        filtered_recognitions(f, today)
        .annotate(
            current_status=status_expression(today),
            year_text=Substr(Cast("decision_date", output_field=CharField()), 1, 4),
        )
        .order_by("product_id", "decision_date", "id")
        .values_list(
            "product_id", "product__producer_id", "product__producer__legal_form", "stars", "group_id",
            "province_id", "year_text", "current_status",
        )
    )
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


FORM_ORDER = {code: i for i, code in enumerate(LegalForm.values)}  # ties in by_legal_form: the order of the forms


def direct_counts(f: RegisterFilter, today: dt.date) -> Counts:
    """The figures counted from the recognitions themselves (a commune, another day; the tests' reference)."""
    rows = _matching_rows(f, today)
    latest = {row[0]: row for row in rows}.values()  # the last row of each product is its latest
    tops = dict(ProductGroup.objects.values_list("pk", "top_id"))
    tops = {pk: top or pk for pk, top in tops.items()}
    by = {"legal_form": Counter(row[2] or "" for row in latest), "stars": Counter(row[3] for row in latest),
          "top": Counter(tops[row[4]] for row in latest), "province": Counter(row[5] for row in latest),
          "year": Counter(int(row[6]) for row in latest), "status": Counter(row[7] for row in latest)}
    return Counts(products=len(latest), producers=len({row[1] for row in latest}), recognitions=len(rows), by=by)


def register_stats(f: RegisterFilter, today: dt.date | None = None, *, direct: bool = False) -> Stats:
    """The statistics of filter `f`: from the counts kept ready (stats.aggregates) when they answer it, else
    (a commune filter, a day other than today, or `direct`) counted from the recognitions."""
    today = today or timezone.localdate()
    if direct or f.commune or not aggregate_ready(today):
        return assemble(direct_counts(f, today))
    # the same for everyone: kept in the shared cache until the register changes
    return cached("register-stats", [asdict(f), get_language()], lambda: assemble(aggregate_counts(f)))


def assemble(c: Counts) -> Stats:
    group_info = {
        pk: (top, code, name, name_en, version, position, maps_to)
        for pk, top, code, name, name_en, version, position, maps_to in ProductGroup.objects.values_list(
            "id", "top_id", "code", "name", "name_en", "version__code", "position", "maps_to_id"
        )
    }
    forms = Counter({code or None: n for code, n in c.by["legal_form"].items() if n})
    stars = c.by["stars"]
    groups: Counter = Counter()
    for pk, n in c.by["top"].items():
        if n:
            groups[group_info[pk][0]] += n
    provinces = Counter({code: n for code, n in c.by["province"].items() if n})
    years = Counter({year: n for year, n in c.by["year"].items() if n})
    statuses = c.by["status"]
    use_en = get_language() == "en"
    by_group = [
        {
            "code": group_info[pk][1],
            "name": (group_info[pk][3] or group_info[pk][2]) if use_en else group_info[pk][2],
            "version": group_info[pk][4],
            "count": n,
        }
        for pk, n in sorted(groups.items(), key=lambda item: (group_info[item[0]][4], group_info[item[0]][5]))
    ]
    # The same counts in the newest taxonomy, following each old group's mapping chain (1048 →
    # 148 → 26), so that years rated under different criteria can be compared; groups with no
    # counterpart stay apart.
    newest = CriteriaVersion.objects.order_by("-in_force_from").values_list("code", flat=True).first()
    placed = placements(newest)
    top_pk = {info[1]: pk for pk, info in group_info.items()}
    current: Counter = Counter()
    for pk, n in groups.items():
        placement = placed.get(pk)
        if placement is not None:
            pk = group_info[top_pk[placement.top]][0]
        current[pk] += n
    by_group_current = [
        {"code": group_info[pk][1], "name": (group_info[pk][3] or group_info[pk][2]) if use_en else group_info[pk][2],
         "version": group_info[pk][4], "count": n}
        for pk, n in sorted(current.items(), key=lambda item: (group_info[item[0]][4] != newest, group_info[item[0]][5]))
    ]
    province_names = dict(Province.objects.filter(code__in=provinces).values_list("code", "short_name"))
    return Stats(
        products=c.products,
        producers=c.producers,
        recognitions=c.recognitions,
        by_stars={str(s): stars.get(s, 0) for s in (3, 4, 5)},
        by_group=by_group,
        by_group_current=by_group_current,
        by_year=[{"year": y, "count": n} for y, n in sorted(years.items())],
        by_province=[
            {"code": code, "name": province_names.get(code, code), "count": n}
            for code, n in sorted(provinces.items(), key=lambda item: (-item[1], item[0]))
        ],
        by_legal_form=[
            {"code": code or "unknown", "name": str(LegalForm(code).label) if code else _("Not stated"), "count": n}
            for code, n in sorted(forms.items(), key=lambda item: (-item[1], FORM_ORDER.get(item[0], len(FORM_ORDER))))
        ],
        by_status={s.value: statuses.get(s.value, 0) for s in Status},
    )
