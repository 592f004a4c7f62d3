from django.http import HttpRequest
from ninja import Status, Query, Router, Schema

from ocop.core.api_utils import StatsQuery, bad_request

from ocop.recognitions.filters import FilterError, RegisterFilter

from .selectors import register_stats

router = Router(tags=["statistics"])


class GroupCount(Schema):
    code: str
    name: str
    version: str
    count: int


class YearCount(Schema):
    year: int
    count: int


class CodeCount(Schema):
    code: str
    name: str
    count: int


class StatsOut(Schema):
    products: int
    producers: int
    recognitions: int
    by_stars: dict[str, int]
    by_group: list[GroupCount]
    by_group_current: list[GroupCount]
    by_year: list[YearCount]
    by_province: list[CodeCount]
    by_legal_form: list[CodeCount]
    by_status: dict[str, int]


@router.get("/stats", response={200: StatsOut, 400: dict}, summary="Register statistics")
def stats(request: HttpRequest, filters: Query[StatsQuery]):
    """Counts of recognised products and their producers, with breakdowns.

    `by_group` uses the groups as rated (2019 groups for older recognitions); `by_group_current`
    maps them to the newest criteria's groups so years can be compared. Each product counts once, with its latest recognition matching the filters. `status` is
    evaluated today; without it every recognition counts whatever its status, so a past year's
    figures stay as reported. Public: no login needed.
    """
    try:
        f = RegisterFilter.parse(**filters.dict())
    except FilterError as exc:
        return bad_request(exc)
    return Status(200, register_stats(f).as_dict())
