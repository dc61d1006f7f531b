"""The IKM report (PermenPANRB 14/2017) per period, channel and directorate: the
respondents, each element's NRR, the index and its grade (``scoring``), the comments.
Directors see their directorate's, the admin all. Also the index per month of a period
(the report's chart) and the published index of the public standard page
(``published_ikm``).

A response counts in the period its case's output was delivered (``delivered_at``, in
Asia/Jakarta), in the report, its chart and the public page alike, so the public figure
is the report's figure for the same quarter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from fractions import Fraction

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncMonth, TruncQuarter
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Directorate, Role

from .models import SurveyResponse
from .scoring import ELEMENTS, Element, Index, ikm, shown

PERIOD_KINDS = {
    "bulan": (_("Bulan"), 1),
    "triwulan": (_("Triwulan"), 3),
    "semester": (_("Semester"), 6),
    "tahun": (_("Tahun"), 12),
}
ROMAN = ("I", "II", "III", "IV")
# The sum of each element's scores and the count: what the index is computed from.
TOTALS = {"n": Count("pk"), **{element: Sum(element) for element in ELEMENTS}}


@dataclass(frozen=True)
class Period:
    kind: str
    year: int
    number: int  # 1-based within the year: month 1-12, quarter 1-4, semester 1-2, year 1

    @property
    def months(self) -> int:
        return PERIOD_KINDS[self.kind][1]

    @property
    def start(self) -> date:
        return date(self.year, (self.number - 1) * self.months + 1, 1)

    @property
    def end(self) -> date:
        """The first day after the period."""
        month = self.number * self.months + 1
        return date(self.year + (month > 12), (month - 1) % 12 + 1, 1)

    @property
    def last_day(self) -> date:
        return date.fromordinal(self.end.toordinal() - 1)

    @property
    def label(self) -> str:
        """"Triwulan II 2025", "Semester I 2025", "Maret 2025", "Tahun 2025"."""
        if self.kind == "bulan":
            return formats.date_format(self.start, "F Y")
        if self.kind == "tahun":
            return gettext("Tahun %(year)d") % {"year": self.year}
        return f"{PERIOD_KINDS[self.kind][0]} {ROMAN[self.number - 1]} {self.year}"

    def bounds(self) -> tuple[datetime, datetime]:
        zone = timezone.get_default_timezone()
        return (timezone.make_aware(datetime.combine(self.start, time()), zone),
                timezone.make_aware(datetime.combine(self.end, time()), zone))

    @classmethod
    def containing(cls, day: date, kind: str) -> Period:
        months = PERIOD_KINDS[kind][1]
        return cls(kind=kind, year=day.year, number=(day.month - 1) // months + 1)

    def months_in(self) -> list[Period]:
        first = (self.number - 1) * self.months + 1
        return [Period(kind="bulan", year=self.year, number=month) for month in range(first, first + self.months)]


@dataclass
class SurveyReport:
    period: Period
    respondents: int
    nrr: dict[str, Decimal | None]
    index: Index | None
    comments: list[SurveyResponse]

    @property
    def rows(self) -> list[tuple[str, Decimal | None]]:
        return [(str(Element(element).label), self.nrr[element]) for element in ELEMENTS]


def _exact_nrrs(totals: dict) -> tuple[int, dict[str, Fraction | None], Index | None]:
    """The count, each element's exact NRR and the index (``scoring.ikm``) from a row of
    ``TOTALS``; no index without respondents. Every response scores all nine elements
    (the model's constraints), so the sum over the count is the regulation's NRR."""
    count = totals["n"] or 0
    exact = {element: (Fraction(totals[element], count) if count else None) for element in ELEMENTS}
    index = ikm([exact[element] for element in ELEMENTS]) if count else None
    return count, exact, index


def responses_for(user, *, period: Period, channel: str = "", directorate: Directorate | None = None) -> QuerySet:
    start, end = period.bounds()
    responses = SurveyResponse.objects.filter(delivered_at__gte=start, delivered_at__lt=end)
    if user.role == Role.DIRECTOR:
        responses = responses.filter(directorate_id=user.directorate_id)
    elif directorate is not None:
        responses = responses.filter(directorate=directorate)
    if channel:
        responses = responses.filter(channel=channel)
    return responses


def survey_report(user, *, period: Period, channel: str = "", directorate: Directorate | None = None) -> SurveyReport:
    """One aggregate query for the numbers, one for the latest comments."""
    responses = responses_for(user, period=period, channel=channel, directorate=directorate)
    count, exact, index = _exact_nrrs(responses.aggregate(**TOTALS))
    nrr = {element: shown(value) for element, value in exact.items()}
    comments = list(responses.exclude(comment="").order_by("-submitted_at")[:50])
    return SurveyReport(period=period, respondents=count, nrr=nrr, index=index, comments=comments)


@dataclass(frozen=True)
class MonthIndex:
    period: Period
    respondents: int
    index: Index | None


def monthly_index(user, *, period: Period, channel: str = "", directorate: Directorate | None = None) -> list[MonthIndex]:
    """The index of each month of ``period`` (a month without responses has none), with
    the report's filters and scope: one grouped query."""
    zone = timezone.get_default_timezone()
    rows = (
        responses_for(user, period=period, channel=channel, directorate=directorate)
        .annotate(month=TruncMonth("delivered_at", tzinfo=zone))
        .values("month").annotate(**TOTALS).order_by("month")
    )
    by_month = {}
    for row in rows:
        month = timezone.localtime(row["month"], zone) if isinstance(row["month"], datetime) else row["month"]
        by_month[month.month] = row
    found = []
    for month in period.months_in():
        count, _exact, index = _exact_nrrs(by_month.get(month.number, {"n": 0}))
        found.append(MonthIndex(period=month, respondents=count, index=index))
    return found


@dataclass(frozen=True)
class PublishedIndex:
    """The unit's IKM as the public page publishes it: one complete quarter."""

    period: Period
    respondents: int
    index: Index


def published_ikm(now: datetime) -> PublishedIndex | None:
    """The IKM of the most recent complete calendar quarter (Asia/Jakarta) that has
    responses, all directorates and channels; None while no such quarter exists. The
    quarter under way is never published: its figure would still change. One query."""
    zone = timezone.get_default_timezone()
    current = Period.containing(timezone.localdate(now, zone), "triwulan")
    start, _end = current.bounds()
    row = (
        SurveyResponse.objects.filter(delivered_at__lt=start)
        .annotate(quarter=TruncQuarter("delivered_at", tzinfo=zone))
        .values("quarter").annotate(**TOTALS).order_by("-quarter").first()
    )
    if row is None:
        return None
    count, _exact, index = _exact_nrrs(row)
    if index is None:
        return None
    quarter = row["quarter"]
    day = timezone.localtime(quarter, zone).date() if isinstance(quarter, datetime) else quarter
    return PublishedIndex(period=Period.containing(day, "triwulan"), respondents=count, index=index)
