"""The catalogue's search words and how well a product matches them: plain Python, no database.

A query is read into *units*: each unit must match (all words are required), and a unit may be met by any
of its *alternatives* — the words as typed, their synonyms (data/synonyms.txt), or the nearest words of the
catalogue when a word matches nothing (a typing mistake: "mamm" → "mắm"). How well a product meets a unit:

- where: its name first, then its place (province, province at the time, commune), then the rest (producer,
  group, description); a match in the province's name ranks only below matches in the product's name;
- how: a whole word beats a prefix; a word typed with its diacritics prefers the same spelling ("trà" ranks
  "Trà mãng cầu" above "Bánh tráng" and "Tranh gỗ"; "chả cá" ranks "Chả cá" above "Chà bông cá"); words of
  one or two letters match only whole words; a synonym or a corrected word counts a little less than the
  word itself.

`rank_key` orders products: more units met by whole words, then units met next to each other as typed, then
the points of the matches, then the name holding the words in the order typed and beginning with them; then (in
the selector) in force first.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ocop.core.text import fold

MAX_QUERY = 200
MAX_WORDS = 8
MIN_PREFIX = 3  # shorter words match only whole words
SYNONYMS_FILE = Path(__file__).resolve().parent / "data" / "synonyms.txt"

_WORD = re.compile(r"[^\W_]+")  # letters and digits of any script (Vietnamese letters with their marks)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")

# Field order: 0 = the product's name, 1 = its place, 2 = anything else.
NAME, PLACE, OTHER = 0, 1, 2
# Points of one unit's match: by field, then exact spelling / same letters without the marks / prefix.
POINTS = {
    (NAME, "exact"): 10, (NAME, "folded"): 8, (NAME, "prefix"): 3,
    (PLACE, "exact"): 6, (PLACE, "folded"): 5, (PLACE, "prefix"): 2,
    (OTHER, "exact"): 3, (OTHER, "folded"): 2, (OTHER, "prefix"): 1,
}
KIND_PENALTY = {"typed": 0, "synonym": 1, "fuzzy": 2}


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    return fold(word).replace(" ", "")


def _marked(word: str) -> bool:
    """Typed with Vietnamese marks (or đ): then the same marks are preferred."""
    return any(unicodedata.combining(ch) for ch in unicodedata.normalize("NFD", word)) or "đ" in word


def tokens(text: str) -> list[tuple[str, str]]:
    """(word as written in lower case, folded) for every word of a text: "Chả cá" → [("chả", "cha"), ("cá", "ca")]."""
    text = unicodedata.normalize("NFC", _CONTROL.sub(" ", text or "")).lower()
    found = []
    for word in _WORD.findall(text):
        folded = fold_word(word)
        if folded:
            found.append((word, folded))
    return found


@dataclass(frozen=True)
class Term:
    typed: str  # lower case, NFC, with the marks as typed
    folded: str
    marked: bool
    prefix: bool  # may match the beginning of a longer word

    @classmethod
    def of(cls, word: str, folded: str, *, prefix: bool = True) -> "Term":
        return cls(word, folded, _marked(word), prefix and len(folded) >= MIN_PREFIX)


@dataclass(frozen=True)
class Alternative:
    terms: tuple[Term, ...]  # consecutive words
    kind: str = "typed"  # typed | synonym | fuzzy

    @property
    def text(self) -> str:
        return " ".join(t.typed for t in self.terms)


@dataclass
class Unit:
    typed: str  # the words of the query this unit stands for, as typed
    alternatives: list[Alternative] = field(default_factory=list)

    @property
    def own(self) -> Alternative:
        return self.alternatives[0]


@dataclass
class Query:
    units: list[Unit]

    def __bool__(self) -> bool:
        return bool(self.units)

    @property
    def words(self) -> list[str]:
        return [t.folded for u in self.units for t in u.own.terms]


# -- synonyms ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Synonyms:
    """Folded phrase → the phrases it also finds (each a tuple of (word, folded))."""

    table: dict[tuple[str, ...], tuple[tuple[tuple[str, str], ...], ...]]
    longest: int

    @classmethod
    def parse(cls, text: str) -> "Synonyms":
        table: dict[tuple[str, ...], list] = {}

        def add(source, targets):
            key = tuple(f for _w, f in source)
            if not key:
                return
            bucket = table.setdefault(key, [])
            for target in targets:
                target = tuple(target)
                if target and tuple(f for _w, f in target) != key and target not in bucket:
                    bucket.append(target)

        for raw in text.splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if ">" in line:
                left, right = line.split(">", 1)
                add(tokens(left), [tokens(part) for part in right.split("|")])
            elif "=" in line:
                parts = [tokens(part) for part in line.split("=")]
                for i, part in enumerate(parts):
                    add(part, parts[:i] + parts[i + 1:])
        # What a word finds, its targets find too ("pineapple" → "dứa" → "thơm", "khóm").
        closed: dict[tuple[str, ...], list] = {}
        for key, targets in table.items():
            found, queue = [], list(targets)
            while queue:
                target = queue.pop(0)
                folded = tuple(f for _w, f in target)
                if folded == key or target in found:
                    continue
                found.append(target)
                queue.extend(table.get(folded, []))
            closed[key] = found
        return cls({k: tuple(v) for k, v in closed.items() if v}, max((len(k) for k in table), default=1))


@lru_cache(maxsize=1)
def synonyms() -> Synonyms:
    return Synonyms.parse(SYNONYMS_FILE.read_text(encoding="utf-8"))


# -- reading a query ---------------------------------------------------------------------------------------


def clean(raw: str) -> str:
    """The query as searched: valid text, no control characters, at most MAX_QUERY characters."""
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", "replace")
    return _CONTROL.sub(" ", str(raw or ""))[:MAX_QUERY]


def parse(raw: str, table: Synonyms | None = None) -> Query:
    """The units of a typed query (at most MAX_WORDS words; anything but letters and digits is ignored, so no
    text reaches the full-text engine as syntax)."""
    table = table if table is not None else synonyms()
    words = tokens(clean(raw))[:MAX_WORDS]
    units: list[Unit] = []
    i = 0
    while i < len(words):
        for size in range(min(table.longest, len(words) - i), 0, -1):
            key = tuple(f for _w, f in words[i:i + size])
            if key in table.table:
                span = words[i:i + size]
                own = Alternative(tuple(Term.of(w, f, prefix=(size == 1)) for w, f in span))
                others = [Alternative(tuple(Term.of(w, f, prefix=False) for w, f in target), "synonym")
                          for target in table.table[key]]
                units.append(Unit(" ".join(w for w, _f in span), [own, *others]))
                i += size
                break
        else:
            word, folded = words[i]
            units.append(Unit(word, [Alternative((Term.of(word, folded),))]))
            i += 1
    return Query(units)


def add_corrections(query: Query, corrections: dict[str, list[tuple[str, str]]]) -> Query:
    """The query with the nearest catalogue words added as alternatives of the words that matched nothing
    (`corrections`: folded word → [(word as written, folded)])."""
    for unit in query.units:
        own = unit.own
        if len(own.terms) == 1 and own.terms[0].folded in corrections:
            unit.alternatives.extend(Alternative((Term.of(w, f, prefix=False),), "fuzzy")
                                     for w, f in corrections[own.terms[0].folded])
    return query


def suggestion(query: Query, used: dict[int, Alternative], top: "Document", matches: list["UnitMatch"]) -> str:
    """"Did you mean": the query with each corrected unit replaced by the correction the results used, and the
    words typed without their marks written as the best result writes them ("nuoc mamm" → "nước mắm")."""
    shown = []
    for i, unit in enumerate(query.units):
        match = matches[i]
        alternative = unit.alternatives[match.alternative]
        written = ""
        if match is not MISSED:
            field_words = (top.name, top.place, top.other)[match.field]
            written = " ".join(w for w, _f in field_words[match.position:match.position + len(alternative.terms)])
        if i in used:
            shown.append(written or used[i].text)
        elif any(t.marked for t in unit.own.terms) or not written:
            shown.append(unit.typed)
        else:
            shown.append(written)
    return " ".join(shown)


# -- how well a document matches ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Document:
    """A product's words by field (each a list of (word as written in lower case, folded))."""

    name: list
    place: list
    other: list

    @classmethod
    def of(cls, name: str, place: str, other: str) -> "Document":
        return cls(tokens(name), tokens(place), tokens(other))


def _term_quality(term: Term, word: str, folded: str) -> str | None:
    if folded == term.folded:
        return "exact" if not term.marked or word == term.typed else "folded"
    if term.prefix and folded.startswith(term.folded):
        return "prefix"
    return None


_ORDER = {"exact": 0, "folded": 1, "prefix": 2}


def _alternative_in(alt: Alternative, words: list) -> tuple[str, int] | None:
    """The best quality of the alternative's words in consecutive words of a field, and where it starts."""
    n = len(alt.terms)
    best = None
    for start in range(len(words) - n + 1):
        worst = "exact"
        for offset, term in enumerate(alt.terms):
            quality = _term_quality(term, *words[start + offset])
            if quality is None:
                break
            if _ORDER[quality] > _ORDER[worst]:
                worst = quality
        else:
            if best is None or _ORDER[worst] < _ORDER[best[0]]:
                best = (worst, start)
                if worst == "exact":
                    break
    return best


@dataclass(frozen=True)
class UnitMatch:
    whole: bool
    points: int
    field: int
    position: int  # where in the name (when field is NAME)
    alternative: int  # which alternative met the unit


MISSED = UnitMatch(False, 0, OTHER, 99, 0)


def match_unit(unit: Unit, doc: Document) -> UnitMatch:
    best = None
    for index, alt in enumerate(unit.alternatives):
        for field_no, words in ((NAME, doc.name), (PLACE, doc.place), (OTHER, doc.other)):
            found = _alternative_in(alt, words)
            if found is None:
                continue
            quality, position = found
            points = POINTS[(field_no, quality)] * 10 - KIND_PENALTY[alt.kind] * 5
            candidate = UnitMatch(quality != "prefix", points, field_no, position, index)
            if best is None or (candidate.whole, candidate.points) > (best.whole, best.points):
                best = candidate
    # Matched by the full-text engine somewhere this summary does not keep (deep in a description): the least.
    return best or MISSED


def rank_key(query: Query, doc: Document) -> tuple[tuple, list[UnitMatch]]:
    """(key, the match of each unit): a larger key ranks higher (the selector adds in force and the rest).

    The key: units met by whole words; pairs of units met next to each other in one field, in the order typed
    ("ca mau" as the place "Cà Mau", "chả cá" in the name); the points of the matches; all units in the name in
    the order typed; the name beginning with the first unit."""
    matches = [match_unit(unit, doc) for unit in query.units]
    whole = sum(m.whole for m in matches)
    points = sum(m.points for m in matches)
    adjacent = sum(
        1 for i, (a, b) in enumerate(zip(matches, matches[1:]))
        if a is not MISSED and a.field == b.field
        and b.position == a.position + len(query.units[i].alternatives[a.alternative].terms))
    in_name = [m.position for m in matches if m.field == NAME and m is not MISSED]
    in_order = len(in_name) == len(matches) and all(b > a for a, b in zip(in_name, in_name[1:]))
    starts = bool(matches) and matches[0].field == NAME and matches[0].position == 0
    return (whole, adjacent, points, in_order, starts), matches
