"""Where a group of any criteria version sits in another version (by default the newest).

Each group may name its counterpart in the next version (`maps_to`, loaded from the `mapping`
lists of ./data: 1048/2019 → 148/2023, 148/2023 → 26/2026). Resolution follows the chain hop by
hop; a group without a mapping of its own takes its nearest ancestor's (then the result is that
ancestor's counterpart, a coarser group). The result names the top-level group in the target
version and the product set (a leaf, which has its own score sheet) where it can be told.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Node:
    pk: int
    code: str
    version: str
    parent: int | None
    top: int | None
    maps_to: int | None
    note: str
    leaf: bool
    only_leaf: int | None = None  # the single product set below a group that has just one


@dataclass(frozen=True)
class Placement:
    group: str  # the counterpart reached in the target version (code)
    top: str  # its top-level group
    product_set: str | None  # the counterpart when it is a product set (a leaf), else None
    chain: tuple[str, ...]  # the codes followed, from the group given to the counterpart
    notes: tuple[str, ...]  # the mapping notes met on the way ("Một phần: …" flags a partial match)
    exact: bool  # every hop was the group's own mapping, never an ancestor's


def follow(start: int, nodes: dict[int, Node], target: str) -> Placement | None:
    """Pure: the placement of node `start` in version `target`; None when no mapping leads there."""
    node = nodes[start]
    chain, notes, exact, seen = [node.code], [], True, set()
    while node.version != target:
        if node.pk in seen:
            return None  # a loop in the data
        seen.add(node.pk)
        holder = node
        while holder is not None and holder.maps_to is None:
            holder = nodes.get(holder.parent) if holder.parent is not None else None
            exact = False
        if holder is None:
            return None
        if holder.note:
            notes.append(holder.note)
        node = nodes[holder.maps_to]
        chain.append(node.code)
    top = nodes[node.top].code if node.top is not None else node.code
    product_set = node.code if node.leaf else nodes[node.only_leaf].code if node.only_leaf is not None else None
    return Placement(group=node.code, top=top, product_set=product_set, chain=tuple(chain), notes=tuple(notes),
                     exact=exact)


def _nodes() -> dict[int, Node]:
    from .models import ProductGroup

    rows = list(ProductGroup.objects.values_list("pk", "code", "version__code", "parent_id", "top_id", "maps_to_id",
                                                  "mapping_note"))
    parent_of = {row[0]: row[3] for row in rows}
    parents = set(parent_of.values())
    leaves_below: dict[int, list[int]] = {}
    for pk in parent_of:
        if pk in parents:
            continue
        node = parent_of[pk]
        while node is not None:
            leaves_below.setdefault(node, []).append(pk)
            node = parent_of[node]
    return {pk: Node(pk, code, version, parent, top, maps_to, note, pk not in leaves_below,
                     leaves_below[pk][0] if len(leaves_below.get(pk, [])) == 1 else None)
            for pk, code, version, parent, top, maps_to, note in rows}


def _target(version: str | None) -> str:
    if version:
        return version
    from .models import CriteriaVersion

    return CriteriaVersion.objects.order_by("-in_force_from").values_list("code", flat=True).first()


def place(code: str, version: str | None = None) -> Placement | None:
    """Any group code of any version → its place in `version` (default: the newest):
    e.g. "1048-1.3.5" → top "26-1", product set "26-1.3.4". None for an unknown code or when no
    mapping leads there."""
    nodes = _nodes()
    by_code = {n.code: n.pk for n in nodes.values()}
    if code not in by_code:
        return None
    return follow(by_code[code], nodes, _target(version))


def placements(version: str | None = None) -> dict[int, Placement | None]:
    """Every group's placement in `version` (default: the newest), by group id: one query, for
    filters and counts over many records."""
    nodes = _nodes()
    target = _target(version)
    return {pk: follow(pk, nodes, target) for pk in nodes}


def groups_placed_under(code: str) -> list[int]:
    """The ids of every group (of any version) whose placement in `code`'s version falls in the
    group `code` or below it: what a filter on a group of today's taxonomy should match."""
    nodes = _nodes()
    by_code = {n.code: n for n in nodes.values()}
    chosen = by_code.get(code)
    if chosen is None:
        return []
    under = {chosen.pk}
    grew = True
    while grew:
        before = len(under)
        under |= {n.pk for n in nodes.values() if n.parent in under}
        grew = len(under) != before
    codes_under = {nodes[pk].code for pk in under}
    found = []
    for pk in nodes:
        placement = follow(pk, nodes, chosen.version)
        if placement is not None and placement.group in codes_under:
            found.append(pk)
    return found
