"""The IKM as PermenPANRB 14/2017 computes it: the formula, the grade boundaries, and
agreement with an independent computation on responses the code has not seen."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from surveys.scoring import ELEMENTS, Grade, grade, ikm, ikm_of_responses, nrr, shown


def test_a_worked_example_by_hand():
    # Per element: sum of scores / answers, × 0.111, summed, × 25. The NRRs sum to 30.50;
    # 30.50 × 0.111 = 3.3855; × 25 = 84.6375, printed 84.64: B (76.61–88.30).
    nrrs = ["3.45", "3.20", "3.10", "4.00", "3.35", "3.50", "3.60", "3.05", "3.25"]
    assert sum(Decimal(v) * Decimal("0.111") for v in nrrs) == Decimal("3.3855")
    index = ikm(nrrs)
    assert index.value == Decimal("84.64") and index.grade == Grade.B and index.grade_label == "Baik"


def test_all_fours_is_the_top_grade_with_the_published_weight():
    index = ikm([4] * 9)
    assert index.value == Decimal("99.90") and index.grade == Grade.A


def test_the_lowest_possible_index_is_still_a_d():
    # 9 × 1 × 0.111 × 25 = 24.975 -> 24.98: a hair under the table's 25.00, still D.
    index = ikm([1] * 9)
    assert index.value == Decimal("24.98") and index.grade == Grade.D


@pytest.mark.parametrize(
    "value, letter",
    [
        ("100.00", Grade.A), ("88.31", Grade.A), ("88.30", Grade.B), ("76.61", Grade.B), ("76.60", Grade.C),
        ("65.00", Grade.C), ("64.99", Grade.D), ("25.00", Grade.D),
    ],
)
def test_the_grade_boundaries(value, letter):
    assert grade(Decimal(value)) == letter


def test_the_grade_labels_are_the_regulation_s():
    assert [str(g.label) for g in Grade] == ["Sangat Baik", "Baik", "Kurang Baik", "Tidak Baik"]


def test_nrr_is_the_exact_mean_and_refuses_scores_off_the_scale():
    assert nrr([4, 3, 3, 2]) == 3
    assert nrr([4, 3, 3]) == Fraction(10, 3) and shown(nrr([4, 3, 3])) == Decimal("3.33")
    assert nrr([]) is None
    with pytest.raises(ValueError):
        nrr([5])


def test_nine_nrrs_are_needed():
    with pytest.raises(ValueError):
        ikm([3] * 8)


def _independent(responses):
    """The regulation's computation again, with exact fractions and its own rounding."""
    per_element = [Fraction(sum(r[e] for r in responses), len(responses)) for e in ELEMENTS]
    total = sum(value * Fraction(111, 1000) for value in per_element) * 25
    # Round half up to two places.
    cents = (total * 100).numerator * 2 // (total * 100).denominator
    cents = (cents + 1) // 2
    return Decimal(cents) / 100


@given(st.lists(st.fixed_dictionaries({e: st.integers(min_value=1, max_value=4) for e in ELEMENTS}), min_size=1, max_size=60))
def test_agrees_with_an_independent_computation(responses):
    nrrs, index = ikm_of_responses(responses)
    assert index is not None
    assert index.value == _independent(responses)
    assert index.grade == (Grade.A if index.value >= Decimal("88.31") else Grade.B if index.value >= Decimal("76.61")
                           else Grade.C if index.value >= Decimal("65.00") else Grade.D)
    assert all(1 <= value <= 4 for value in nrrs.values())


def test_an_element_nobody_answered_gives_no_index():
    nrrs, index = ikm_of_responses([{e: 3 for e in ELEMENTS[:-1]}])
    assert index is None and nrrs[ELEMENTS[-1]] is None
