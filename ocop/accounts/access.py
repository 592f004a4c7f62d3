"""Who may see and change what: the one place that answers it.

- central office: everything;
- provincial office: read and write everything in its province;
- commune officer: read its communes' records (unpublished included), write nothing;
- producer: read and write its own records;
- everyone else (anonymous included): published data only.
"""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

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


def producer_q(scope: Scope, prefix: str = "") -> Q:
    """Q selecting the producers inside the scope (prefix: path to the producer, e.g. "producer__")."""
    if scope.everything:
        return Q()
    q = Q(pk__in=[]) if not prefix else Q(**{f"{prefix}pk__in": []})
    if scope.provinces:
        q |= Q(**{f"{prefix}province_id__in": scope.provinces})
    if scope.communes:
        q |= Q(**{f"{prefix}commune_id__in": scope.communes})
    if scope.producers:
        q |= Q(**{f"{prefix}pk__in": scope.producers})
    return q


def in_scope(scope: Scope, producer) -> bool:
    """Whether a producer (and so its products) is inside the scope: may see unpublished data."""
    if scope.everything:
        return True
    return (
        producer.province_id in scope.provinces
        or (producer.commune_id is not None and producer.commune_id in scope.communes)
        or producer.pk in scope.producers
    )


def can_edit(scope: Scope, producer) -> bool:
    return scope.can_write and in_scope(scope, producer)


def restrict(queryset: QuerySet, scope: Scope, prefix: str = "") -> QuerySet:
    return queryset.filter(producer_q(scope, prefix))
