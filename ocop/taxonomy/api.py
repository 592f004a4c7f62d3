from ninja import Router, Schema

from .models import ProductGroup

router = Router(tags=["taxonomy"])


class GroupOut(Schema):
    code: str
    name: str
    name_en: str
    version: str
    depth: int
    level: str
    parent: str | None
    lead_ministry: str
    verified: bool
    maps_to: str | None
    mapping_note: str


@router.get("/groups", response=list[GroupOut], summary="Product groups of every criteria version")
def groups(request):
    """The versioned taxonomy: codes to use in the `group` filter, with each group's counterpart
    in the next criteria version (`maps_to`: 1048/2019 → 148/2023 → 26/2026; null where none
    exists, and for the newest version)."""
    return [
        {
            "code": g.code, "name": g.name, "name_en": g.name_en, "version": g.version.code, "depth": g.depth,
            "level": g.level_name, "parent": g.parent.code if g.parent else None, "lead_ministry": g.lead_ministry,
            "verified": g.verified, "maps_to": g.maps_to.code if g.maps_to else None, "mapping_note": g.mapping_note,
        }
        for g in ProductGroup.objects.select_related("version", "parent", "maps_to").order_by("version__in_force_from", "position")
    ]
