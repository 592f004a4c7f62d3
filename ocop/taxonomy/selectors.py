"""Reads of the product-group trees."""

from .models import ProductGroup


def group_ids_under(code: str) -> list[int]:
    """The group with this code and all its descendants."""
    rows = list(ProductGroup.objects.values_list("id", "parent_id", "code"))
    children: dict[int | None, list[int]] = {}
    start = None
    for pk, parent, group_code in rows:
        children.setdefault(parent, []).append(pk)
        if group_code == code:
            start = pk
    result, stack = [], [start] if start else []
    while stack:
        pk = stack.pop()
        result.append(pk)
        stack.extend(children.get(pk, []))
    return result
