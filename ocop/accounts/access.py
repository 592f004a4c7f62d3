"""Who may see and change what: the one place that answers it.

- central office: everything;
- provincial office: read and write everything in its province;
- commune officer: read its communes' records (unpublished included), write nothing;
- producer: read and write its own records;
- everyone else (anonymous included): published data only (published data is chosen by each
  app's selectors, never by this module).

Each scoped model says how it reaches a producer or a province with a `scope_path`
(`ScopePath(producer="product__producer")`, `ScopePath(province="province")`) and gets
`.visible_to(user)` from `ScopedQuerySet`. Views, services, the API and the admin ask only the
functions below: `visible`, `may_see`, `may_write`, `roles_on`, `is_office`, `is_central`,
`office_provinces`; none of them reads a scope's fields.
"""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from ocop.places.models import Province

from .models import Role


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    provinces: frozenset[str] = field(default_factory=frozenset)
    communes: frozenset[str] = field(default_factory=frozenset)
    producers: frozenset[int] = field(default_factory=frozenset)
    can_write: bool = False

    @property
    def empty(self) -> bool:
        return not (self.everything or self.provinces or self.communes or self.producers)


PUBLIC = Scope()


@dataclass(frozen=True)
class ScopePath:
    """How a model's rows reach the register: `producer` is the path to the producer ("" for the
    producer itself), `province` the path to a province field, `commune` to a commune field."""

    producer: str | None = None
    province: str | None = None
    commune: str | None = None


def scope_for(user) -> Scope:
    if user is None or not user.is_authenticated or not user.is_active:
        return PUBLIC
    cached = getattr(user, "_ocop_scope", None)
    if cached is not None:
        return cached
    if user.is_superuser or user.role == Role.CENTRAL:
        scope = Scope(everything=True, can_write=True)
    elif user.role == Role.PROVINCE and user.province_id:
        scope = Scope(provinces=frozenset({user.province_id}), can_write=True)
    elif user.role == Role.COMMUNE:
        scope = Scope(communes=frozenset(user.communes.values_list("code", flat=True)))
    elif user.role == Role.PRODUCER and user.producer_id:
        scope = Scope(producers=frozenset({user.producer_id}), can_write=True)
    else:
        scope = PUBLIC
    user._ocop_scope = scope
    return scope


# -- roles -----------------------------------------------------------------------------------

def is_central(user) -> bool:
    return scope_for(user).everything


def is_office(user) -> bool:
    """Central or provincial office (the people who run the programme)."""
    scope = scope_for(user)
    return scope.everything or bool(scope.provinces)


def is_commune(user) -> bool:
    return bool(scope_for(user).communes)


def own_producer_id(user) -> int | None:
    """The producer a producer account acts for, else None."""
    producers = scope_for(user).producers
    return next(iter(producers)) if producers else None


def office_province_codes(user) -> frozenset[str] | None:
    """The provinces an office acts for; None means all of them (central office)."""
    scope = scope_for(user)
    return None if scope.everything else scope.provinces


def office_provinces(user):
    """The provinces an office may act for, as a queryset (for pickers and default views)."""
    codes = office_province_codes(user)
    return Province.objects.all() if codes is None else Province.objects.filter(code__in=codes)


def may_act_for_province(user, province_code: str | None) -> bool:
    """Whether an office may write records of this province (None: national records, central only)."""
    scope = scope_for(user)
    if scope.everything:
        return True
    return province_code is not None and scope.can_write and province_code in scope.provinces


# -- rows ------------------------------------------------------------------------------------

def _prefix(path: str) -> str:
    return f"{path}__" if path else ""


def scope_q(path: ScopePath, scope: Scope) -> Q:
    """The rows a (non-central) scope reaches through a model's ScopePath."""
    q = Q(pk__in=[])
    if path.producer is not None:
        p = _prefix(path.producer)
        if scope.provinces:
            q |= Q(**{f"{p}province_id__in": scope.provinces})
        if scope.communes:
            q |= Q(**{f"{p}commune_id__in": scope.communes})
        if scope.producers:
            q |= Q(**{f"{p}pk__in": scope.producers})
    if path.province is not None and scope.provinces:
        q |= Q(**{f"{path.province}_id__in": scope.provinces})
    if path.commune is not None and scope.communes:
        q |= Q(**{f"{path.commune}_id__in": scope.communes})
    return q


def visible(queryset: QuerySet, user) -> QuerySet:
    """The rows of a scoped model the user may see as an office or owner (unpublished included)."""
    scope = scope_for(user)
    if scope.everything:
        return queryset
    if scope.empty:
        return queryset.none()
    return queryset.filter(scope_q(queryset.model.scope_path, scope))


def _follow(obj, path: str):
    for name in path.split("__") if path else []:
        obj = getattr(obj, name)
        if obj is None:
            return None
    return obj


def _reaches(scope: Scope, obj) -> bool:
    path: ScopePath = type(obj).scope_path
    if path.producer is not None:
        producer = _follow(obj, path.producer)
        if producer is not None and (
            producer.province_id in scope.provinces
            or (producer.commune_id is not None and producer.commune_id in scope.communes)
            or producer.pk in scope.producers
        ):
            return True
    if path.province is not None and getattr(_follow(obj, path.province), "pk", None) in scope.provinces:
        return True
    if path.commune is not None and getattr(_follow(obj, path.commune), "pk", None) in scope.communes:
        return True
    return False


def may_see(user, obj) -> bool:
    """Whether the user may see this record's unpublished details (contacts, drafts, dossiers)."""
    scope = scope_for(user)
    return scope.everything or (not scope.empty and _reaches(scope, obj))


def may_write(user, obj) -> bool:
    scope = scope_for(user)
    return scope.can_write and (scope.everything or _reaches(scope, obj))


def roles_on(user, obj) -> set[str]:
    """The roles a person holds towards a record: central, province, commune, producer."""
    scope = scope_for(user)
    roles = set()
    if scope.everything:
        roles.add("central")
    if scope.empty or scope.everything:
        return roles
    path: ScopePath = type(obj).scope_path
    producer = _follow(obj, path.producer) if path.producer is not None else None
    province = getattr(_follow(obj, path.province), "pk", None) if path.province is not None else None
    commune = getattr(_follow(obj, path.commune), "pk", None) if path.commune is not None else None
    if province in scope.provinces or (producer is not None and producer.province_id in scope.provinces):
        roles.add("province")
    if (producer is not None and producer.commune_id is not None and producer.commune_id in scope.communes) or (
            commune is not None and commune in scope.communes):
        roles.add("commune")
    if producer is not None and producer.pk in scope.producers:
        roles.add("producer")
    return roles


class ScopedQuerySet(QuerySet):
    """Base for the querysets of scoped models: `.visible_to(user)`."""

    def visible_to(self, user):
        return visible(self, user)
