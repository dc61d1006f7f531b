"""The Indeks Kepuasan Masyarakat exactly as PermenPANRB 14/2017 computes it, as pure
functions (no database): a report, an export and the public page all call these.

- NRR of an element = the sum of its scores / the number of answers to it;
- weighted NRR = NRR × 0.111 (the regulation's weight: 1 / 9 elements, as it publishes it);
- IKM = the sum of the nine weighted NRRs;
- the unit's IKM (converted) = IKM × 25, on the regulation's 25–100 scale;
- its grade: A (Sangat Baik) 88.31–100.00, B (Baik) 76.61–88.30, C (Kurang Baik)
  65.00–76.60, D (Tidak Baik) 25.00–64.99.

Arithmetic is exact (fractions) without intermediate rounding; only the converted IKM is
rounded, to two places, half up (as the regulation's tables print it). With the
published weight 0.111, nine NRRs of 4.00 give 99.90 and nine of 1.00 give 24.98, not
100.00 and 25.00: the regulation's own weight, kept as it is rather than an exact 1/9.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db import models
from django.utils.translation import gettext_lazy as _


class Element(models.TextChoices):
    """The nine elements (unsur) of PermenPANRB 14/2017, in the regulation's order."""

    PERSYARATAN = "persyaratan", _("Persyaratan")
    PROSEDUR = "prosedur", _("Sistem, mekanisme dan prosedur")
    WAKTU = "waktu", _("Waktu penyelesaian")
    BIAYA = "biaya", _("Biaya/tarif")
    PRODUK = "produk", _("Produk spesifikasi jenis pelayanan")
    KOMPETENSI = "kompetensi", _("Kompetensi pelaksana")
    PERILAKU = "perilaku", _("Perilaku pelaksana")
    PENGADUAN = "pengaduan", _("Penanganan pengaduan, saran dan masukan")
    SARANA = "sarana", _("Sarana dan prasarana")


ELEMENTS: tuple[str, ...] = tuple(Element.values)
WEIGHT = Decimal("0.111")
CONVERSION = Decimal("25")
SCORES = (1, 2, 3, 4)
TWO_PLACES = Decimal("0.01")


class Grade(models.TextChoices):
    A = "A", _("Sangat Baik")
    B = "B", _("Baik")
    C = "C", _("Kurang Baik")
    D = "D", _("Tidak Baik")


# The lower bound of each grade on the converted scale (the regulation's table).
GRADE_FLOORS: tuple[tuple[Decimal, Grade], ...] = (
    (Decimal("88.31"), Grade.A),
    (Decimal("76.61"), Grade.B),
    (Decimal("65.00"), Grade.C),
    (Decimal("25.00"), Grade.D),
)


@dataclass(frozen=True)
class Index:
    """A unit's IKM: the converted value (25.00–100.00) and its grade."""

    value: Decimal
    grade: Grade

    @property
    def grade_label(self) -> str:
        return str(self.grade.label)


def nrr(scores: Iterable[int]) -> Fraction | None:
    """The NRR of one element: the mean of its 1–4 scores, exactly (None when nobody
    answered). ``shown`` prints it."""
    values = list(scores)
    if not values:
        return None
    if any(value not in SCORES for value in values):
        raise ValueError(f"scores are 1-4, got {sorted(set(values) - set(SCORES))}")
    return Fraction(sum(values), len(values))


def shown(value: Fraction | None) -> Decimal | None:
    """An NRR as reports print it: two places, half up."""
    if value is None:
        return None
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def grade(converted: Decimal) -> Grade:
    """The grade of a converted IKM (already rounded to two places). D runs down to the
    scale's bottom: with the published weight, nine NRRs of 1.00 give 24.98, a hair under
    the table's 25.00, and that is still D, not an error."""
    for floor, letter in GRADE_FLOORS[:-1]:
        if converted >= floor:
            return letter
    return Grade.D


def _exact(value: Fraction | Decimal | int | float | str) -> Fraction:
    return value if isinstance(value, Fraction) else Fraction(Decimal(str(value)))


def ikm(nrrs: Sequence[Fraction | Decimal | int | float | str]) -> Index:
    """The unit's IKM from the nine elements' NRRs, in the regulation's order. Exact
    arithmetic (fractions: an NRR such as 10/3 is not cut short) up to the one rounding
    of the converted value, half up to two places."""
    if len(nrrs) != len(ELEMENTS):
        raise ValueError(f"the IKM needs the {len(ELEMENTS)} elements' NRRs, got {len(nrrs)}")
    values = [_exact(value) for value in nrrs]
    if any(not 1 <= value <= 4 for value in values):
        raise ValueError("an NRR is between 1 and 4")
    converted = sum(values, Fraction(0)) * Fraction(WEIGHT) * Fraction(CONVERSION)
    cents = converted * 100
    rounded = (cents.numerator * 2 + cents.denominator) // (2 * cents.denominator)  # half up
    value = (Decimal(rounded) / 100).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
    return Index(value=value, grade=grade(value))


def ikm_of_responses(responses: Iterable[dict[str, int]]) -> tuple[dict[str, Fraction | None], Index | None]:
    """NRR per element and the IKM from responses (``{element: score}``, an element a
    respondent skipped is left out of its mean); no IKM while an element has no answer."""
    by_element: dict[str, list[int]] = {element: [] for element in ELEMENTS}
    for response in responses:
        for element in ELEMENTS:
            if response.get(element) is not None:
                by_element[element].append(int(response[element]))
    nrrs = {element: nrr(scores) for element, scores in by_element.items()}
    if any(value is None for value in nrrs.values()):
        return nrrs, None
    return nrrs, ikm([nrrs[element] for element in ELEMENTS])
