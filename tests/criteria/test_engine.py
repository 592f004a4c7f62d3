"""The rating engine on its own: no database."""

from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ocop.criteria import engine
from ocop.criteria.sheets import DATA_DIR, build, canonical, expand, read_set, validate

SHEETS = {s["code"]: build(s) for f in sorted(DATA_DIR.glob("*.json")) for s in expand(read_set(f))}


def answers_at(sheet, picks):
    return {c.code: c.options[i % len(c.options)].code for c, i in zip(sheet.criteria, picks)}


def lowest(sheet):
    return {c.code: c.options[0].code for c in sheet.criteria}


def test_every_shipped_sheet_is_valid_and_adds_up_to_100():
    assert len(SHEETS) >= 12
    for sheet in SHEETS.values():
        assert sum(p.max_points for p in sheet.parts) == 100
        assert sum(c.max_points for c in sheet.criteria) == 100


def test_part_maxima_follow_each_criteria_set():
    assert {p.code: p.max_points for p in SHEETS["148-TP"].parts} == {"A": 40, "B": 25, "C": 35}
    assert {p.code: p.max_points for p in SHEETS["1048-TP"].parts} == {"A": 35, "B": 25, "C": 40}


# Golden cases: a food product that a producer would fill in on the 2023 sheet.
GOLDEN_148_FOOD = {
    "A1.1": "c", "A1.2": "c", "A1.3": "b", "A1.4": "d", "A1.5": "c", "A1.6": "b",
    "A2.1": "b", "A2.2": "c", "A2.3": "b", "A2.4": "c", "A2.5": "b",
    "A3.1": "c", "A3.2": "b", "A3.3": "c", "A3.4": "b", "A3.5": "b",
    "B1.1": "b", "B1.2": "b", "B1.3": "b", "B1.4": "b", "B1.5": "b",
    "B2.1": "b", "B2.2": "b", "B2.3": "b",
    "C1.1": "b", "C1.2": "c", "C1.3": "c", "C1.4": "b", "C1.5": "b",
    "C2.1": "b", "C2.2": "a", "C3.1": "b", "C3.2": "b",
}


# The same product ("Khô cá dứa", dried fish) on the official 26/2026 sheet of its product set
# (26-08, processed meat, aquatic products …): 24 + 16 + 24 = 64 points by hand from Annex II.
GOLDEN_26_08 = {
    "1.1": "c", "1.2": "a", "1.3": "b", "1.4": "b", "1.5": "c", "1.6": "b", "1.7": "a",  # 3 0 2 2 2 2 0 = 11
    "2.1": "b", "2.2": "c", "2.3": "b", "2.4": "a",  # 2 2 2 0 = 6
    "3.1": "c", "3.2": "b", "3.3": "c", "3.4": "a", "3.5": "a",  # 3 1 3 1 1 = 9 → A 26
    "4.1": "c", "4.2": "b", "4.3": "d",  # 3 1 3 = 7
    "5.1": "d", "5.2": "b", "5.3": "c",  # 3 1 3 = 7 → B 14
    "6.1": "c", "6.2": "d", "6.3": "c", "6.4": "c", "6.5": "d",  # 2 3 2 2 4 = 13
    "7": "c", "8": "b", "9": "a", "10": "b", "11": "a",  # 3 4 1 2 1 = 11 → C 24
}


def test_golden_26_08_is_64_points_3_stars_and_4_stars_needs_haccp_by_least_effort():
    result = engine.score(SHEETS["26-08"], GOLDEN_26_08)
    assert result.parts == {"A": Decimal("26.00"), "B": Decimal("14.00"), "C": Decimal("24.00")}
    assert result.total == Decimal("64.00") and result.stars == 3 and result.gates_failed == []
    nxt = result.next_star
    assert nxt.stars == 4 and nxt.points_needed == Decimal("6.00")
    # the 4★ minima not met yet: 2.1 c, 2.3 c, 3.4 b, 3.5 b, 5.1 e and 9 b (ISO/HACCP); together +8 points
    assert {(c.criterion, c.option) for c in nxt.changes} == {("2.1", "c"), ("2.3", "c"), ("3.4", "b"), ("3.5", "b"),
                                                               ("5.1", "e"), ("9", "b")}
    assert nxt.effort == 3 + 2 + 3 + 3 + 2 + 3 and result.alternatives == []
    assert any("HACCP" in c.text for c in nxt.changes)


def test_golden_148_food_is_64_points_and_3_stars_and_4_stars_needs_haccp():
    result = engine.score(SHEETS["148-TP"], GOLDEN_148_FOOD)
    assert result.parts == {"A": Decimal("30.00"), "B": Decimal("12.00"), "C": Decimal("22.00")}
    assert result.total == Decimal("64.00") and result.stars == 3 and result.gates_failed == []
    nxt = result.next_star
    assert nxt.stars == 4 and nxt.points_needed == Decimal("6.00")
    changed = {c.criterion: c.option for c in nxt.changes}
    assert changed.get("A2.2") == "d", "HACCP/ISO 22000 is mandatory for 4 stars in food"
    assert "HACCP" in nxt.changes[0].text or any("HACCP" in c.text for c in nxt.changes)


def test_a_gate_holds_back_a_product_that_scores_enough():
    answers = {c.code: c.options[-1].code for c in SHEETS["148-TP"].criteria}
    answers["A2.2"] = "c"  # VietGAP, not HACCP: 98 points
    result = engine.score(SHEETS["148-TP"], answers)
    assert result.total == Decimal("98.00") and result.band_stars == 5
    assert result.stars == 3
    assert {g.criterion for g in result.gates_failed} == {"A2.2"}
    assert [c.criterion for c in result.next_star.changes] == ["A2.2"]


def test_golden_1048_food():
    sheet = SHEETS["1048-TP"]
    answers = {c.code: c.options[1].code for c in sheet.criteria}
    result = engine.score(sheet, answers)
    assert result.parts == {"A": Decimal("19.00"), "B": Decimal("13.00"), "C": Decimal("26.00")}
    assert result.total == Decimal("58.00") and result.stars == 3
    nxt = result.next_star
    assert nxt.stars == 4 and nxt.points_needed == Decimal("12.00")
    assert {c.criterion: c.option for c in nxt.changes}.get("A2.2") == "d"
    assert sum(c.points_gained for c in nxt.changes) >= 12


def test_bonus_from_the_producer_record_is_capped_and_total_stays_100():
    sheet = SHEETS["148-TP"]
    base = engine.score(sheet, GOLDEN_148_FOOD)
    both = engine.score(sheet, GOLDEN_148_FOOD, flags={"woman_led": True, "ethnic_minority": True})
    assert both.bonus == Decimal(2) and both.total == base.total + 2
    top = {c.code: c.options[-1].code for c in sheet.criteria}
    assert engine.score(sheet, top, flags={"woman_led": True}).total == Decimal(100)
    assert engine.score(SHEETS["1048-TP"], {c.code: c.options[0].code for c in SHEETS["1048-TP"].criteria},
                        flags={"woman_led": True}).bonus == 0, "the 2019 set has no bonus"


def test_unknown_missing_and_partial_answers():
    sheet = SHEETS["148-TP"]
    with pytest.raises(engine.AnswerError) as err:
        engine.score(sheet, {**GOLDEN_148_FOOD, "Z9": "a"})
    assert err.value.kind == "unknown_criterion" and err.value.criterion == "Z9"
    with pytest.raises(engine.AnswerError) as err:
        engine.score(sheet, {**GOLDEN_148_FOOD, "A1.1": "z"})
    assert err.value.kind == "unknown_option"
    partial = dict(GOLDEN_148_FOOD)
    del partial["C3.2"]
    with pytest.raises(engine.AnswerError) as err:
        engine.score(sheet, partial)
    assert err.value.kind == "missing" and err.value.criterion == "C3.2"
    assert engine.score(sheet, partial, partial=True).unanswered == ["C3.2"]


def test_five_stars_has_no_next_star():
    sheet = SHEETS["148-TP"]
    top = {c.code: c.options[-1].code for c in sheet.criteria}
    assert engine.score(sheet, top).next_star is None


def test_validator_refuses_a_sheet_whose_points_do_not_add_up_and_shows_the_sums():
    doc = read_set(DATA_DIR / "148-2023.json")
    sheet = expand(doc)[0]
    sheet["sections"][0]["criteria"][0]["options"][-1]["points"] = "7"
    problems = validate(canonical(sheet))
    assert any("43" in p and "40" in p for p in problems), problems


def test_validator_checks_gates_codes_and_option_order():
    sheet = canonical(expand(read_set(DATA_DIR / "148-2023.json"))[0])
    sheet["gates"].append({"stars": 4, "criterion": "NOPE", "min_option": "a"})
    sheet["sections"][0]["criteria"][1]["options"].reverse()
    problems = validate(sheet)
    assert any("NOPE" in p for p in problems)
    assert any("lowest points to the highest" in p for p in problems)


# -- properties --------------------------------------------------------------------------------

sheet_codes = st.sampled_from(sorted(SHEETS))
picks = st.lists(st.integers(min_value=0, max_value=6), min_size=40, max_size=40)
flags = st.fixed_dictionaries({"woman_led": st.booleans(), "ethnic_minority": st.booleans()})


@settings(max_examples=200, deadline=None)
@given(sheet_codes, picks, flags)
def test_total_stays_within_0_and_100(code, chosen, flag):
    result = engine.score(SHEETS[code], answers_at(SHEETS[code], chosen), flags=flag, with_next=False)
    assert Decimal(0) <= result.total <= Decimal(100)
    assert 1 <= result.stars <= result.band_stars <= 5


@settings(max_examples=200, deadline=None)
@given(sheet_codes, picks, st.integers(min_value=0, max_value=39), flags)
def test_raising_any_answer_never_lowers_the_total_or_the_stars(code, chosen, which, flag):
    sheet = SHEETS[code]
    assume(which < len(sheet.criteria))
    before = answers_at(sheet, chosen)
    criterion = sheet.criteria[which]
    index = criterion.index[before[criterion.code]]
    assume(index + 1 < len(criterion.options))
    # "raising" stays within a case (26-26 criteria 8, 9, 15: case 1's options, then case 2's)
    assume(criterion.options[index + 1].case == criterion.options[index].case)
    after = {**before, criterion.code: criterion.options[index + 1].code}
    a = engine.score(sheet, before, flags=flag, with_next=False)
    b = engine.score(sheet, after, flags=flag, with_next=False)
    assert b.total >= a.total and b.stars >= a.stars


@settings(max_examples=150, deadline=None)
@given(sheet_codes, picks, flags)
def test_following_the_way_to_the_next_star_reaches_it(code, chosen, flag):
    sheet = SHEETS[code]
    answers = answers_at(sheet, chosen)
    result = engine.score(sheet, answers, flags=flag)
    if result.next_star is None:
        assert result.stars == 5
        return
    assert result.next_star.reachable
    improved = {**answers, **{c.criterion: c.option for c in result.next_star.changes}}
    again = engine.score(sheet, improved, flags=flag, with_next=False)
    assert again.stars >= result.next_star.stars
    assert sum(c.points_gained for c in result.next_star.changes) >= result.next_star.points_needed


def _two_criteria_sheet(first: Decimal) -> engine.Sheet:
    option = lambda code, pts: engine.Option(code, code, pts, Decimal(1))  # noqa: E731
    return engine.Sheet(
        code="T", name="T", parts=(engine.Part("A", "A", Decimal(100)),),
        criteria=(engine.Criterion("X", "A", "S", "X", (option("a", Decimal(0)), option("b", first))),
                  engine.Criterion("Y", "A", "S", "Y", (option("a", Decimal(0)), option("b", Decimal(100) - first)))),
        bands={5: Decimal(90), 4: Decimal(70), 3: Decimal(50), 2: Decimal(30)},
    )


@pytest.mark.parametrize("total,stars", [("69.99", 3), ("70.00", 4), ("89.99", 4), ("90.00", 5), ("49.99", 2),
                                         ("50.00", 3), ("29.99", 1), ("30.00", 2)])
def test_band_edges_are_exact(total, stars):
    result = engine.score(_two_criteria_sheet(Decimal(total)), {"X": "b", "Y": "a"})
    assert result.total == Decimal(total) and result.stars == stars


@settings(max_examples=300, deadline=None)
@given(st.decimals(min_value=0, max_value=100, places=2))
def test_band_edges_hold_for_any_two_decimal_total(total):
    result = engine.score(_two_criteria_sheet(total), {"X": "b", "Y": "a"}, with_next=False)
    expected = 5 if total >= 90 else 4 if total >= 70 else 3 if total >= 50 else 2 if total >= 30 else 1
    assert result.stars == expected


def test_the_way_takes_the_least_effort_and_offers_the_fewest_changes_when_they_differ():
    def crit(code, *options):
        return engine.Criterion(code, "A", "S", code, tuple(engine.Option(o, o, Decimal(p), e) for o, p, e in options))

    sheet = engine.Sheet(
        code="T", name="T", parts=(engine.Part("A", "A", Decimal(100)),),
        criteria=(
            crit("X", ("a", 0, 1), ("b", 3, 1), ("c", 6, 3)),
            crit("Y", ("a", 0, 1), ("b", 3, 1)),
            crit("W", ("a", 0, 1), ("b", 3, 3)),
            crit("R", ("a", 0, 1), ("b", 88, 1)),
        ),
        bands={5: Decimal(90), 4: Decimal(70), 3: Decimal(50), 2: Decimal(30)},
    )
    # 0 points now: the way aims at 3 stars (50), the first recognised level, never at 2: only R gets there.
    zero = engine.score(sheet, {"X": "a", "Y": "a", "W": "a", "R": "a"})
    assert zero.next_star.stars == 3 and [c.criterion for c in zero.next_star.changes] == ["R"]
    # 88 now; 5 stars needs 2 more: one change, and the cheapest one (X→b or Y→b, never W).
    way = engine.score(sheet, {"X": "a", "Y": "a", "W": "a", "R": "b"}).next_star
    assert len(way.changes) == 1 and way.changes[0].criterion in {"X", "Y"} and way.effort == 1
    # 82 now; 5 stars needs 8 more: three paper changes (X→b, Y→b, W→b: effort 3) or two changes
    # with a certification (X→c and one more: effort 4).
    cheap = (crit("X", ("a", 0, 1), ("b", 3, 1), ("c", 6, 3)), crit("Y", ("a", 0, 1), ("b", 3, 1)),
             crit("W", ("a", 0, 1), ("b", 3, 1)), crit("R", ("a", 0, 1), ("b", 82, 1)))
    sheet82 = engine.Sheet(code="T", name="T", parts=sheet.parts, bands=sheet.bands, criteria=cheap)
    result = engine.score(sheet82, {"X": "a", "Y": "a", "W": "a", "R": "b"})
    cheapest, fewest = result.next_star, result.alternatives[0]
    assert {(c.criterion, c.option) for c in cheapest.changes} == {("X", "b"), ("Y", "b"), ("W", "b")}
    assert cheapest.effort == 3 and cheapest.kind == "least_effort"
    assert len(fewest.changes) == 2 and ("X", "c") in {(c.criterion, c.option) for c in fewest.changes}
    assert fewest.effort == 4 and fewest.kind == "fewest_changes"
    assert result.as_dict()["alternatives"][0]["changes"][0].keys() >= {"criterion", "option", "points", "effort"}


@st.composite
def small_sheets(draw):
    """A random sheet of up to five criteria with rising options, effort classes and a few gates."""
    criteria = []
    for i in range(draw(st.integers(2, 5))):
        steps = draw(st.lists(st.integers(1, 9), min_size=1, max_size=3))
        points = [0] + [sum(steps[:k + 1]) for k in range(len(steps))]
        options = tuple(engine.Option(chr(97 + k), f"o{k}", Decimal(p), draw(st.integers(1, 3))) for k, p in enumerate(points))
        criteria.append(engine.Criterion(f"C{i}", "A", "S", f"C{i}", options))
    gates = tuple(engine.Gate(draw(st.integers(3, 5)), c.code, c.options[draw(st.integers(0, len(c.options) - 1))].code)
                  for c in criteria if draw(st.booleans()))
    total = sum(max(o.points for o in c.options) for c in criteria)
    bands = {5: total * 9 / 10, 4: total * 7 / 10, 3: total / 2, 2: total * 3 / 10}
    return engine.Sheet(code="R", name="R", parts=(engine.Part("A", "A", Decimal(total)),), criteria=tuple(criteria),
                        bands={k: Decimal(v).quantize(Decimal("0.01")) for k, v in bands.items()}, gates=gates,
                        total_max=Decimal(total))


@settings(max_examples=300, deadline=None)
@given(small_sheets(), st.data())
def test_the_ways_are_the_cheapest_and_the_shortest_by_brute_force(sheet, data):
    from itertools import product as every

    start = {c.code: c.options[data.draw(st.integers(0, len(c.options) - 1))].code for c in sheet.criteria}
    result = engine.score(sheet, start)
    if result.next_star is None:
        return
    target = result.next_star.stars
    best_effort = best_count = None
    for picks in every(*[range(len(c.options)) for c in sheet.criteria]):
        answers = {c.code: c.options[i].code for c, i in zip(sheet.criteria, picks)}
        if any(c.index[answers[c.code]] < c.index[start[c.code]] for c in sheet.criteria):
            continue  # a way only raises answers
        if engine.score(sheet, answers, with_next=False).stars < target:
            continue
        changed = [c for c in sheet.criteria if answers[c.code] != start[c.code]]
        effort = sum(c.options[c.index[answers[c.code]]].effort for c in changed)
        best_effort = min(best_effort or (effort, len(changed)), (effort, len(changed)))
        best_count = min(best_count or (len(changed), effort), (len(changed), effort))
    if best_effort is None:
        assert not result.next_star.reachable
        return
    assert (result.next_star.effort, len(result.next_star.changes)) == best_effort
    fewest = result.alternatives[0] if result.alternatives else result.next_star
    assert (len(fewest.changes), fewest.effort) == best_count
