"""The IKM report (PermenPANRB 14/2017) per period, channel and directorate: the
respondents, each element's NRR, the index and its grade (``scoring``), the comments.
Directors see their directorate's, the admin all."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from fractions import Fraction

from django.db.models import Count, QuerySet, Sum
from django.utils import timezone
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

    def bounds(self) -> tuple[datetime, datetime]:
        zone = timezone.get_default_timezone()
        return (timezone.make_aware(datetime.combine(self.start, time()), zone),
                timezone.make_aware(datetime.combine(self.end, time()), zone))


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
    totals = responses.aggregate(n=Count("pk"), **{element: Sum(element) for element in ELEMENTS})
    count = totals["n"] or 0
    exact = {element: (Fraction(totals[element], count) if count else None) for element in ELEMENTS}
    nrr = {element: shown(value) for element, value in exact.items()}
    index = ikm([exact[element] for element in ELEMENTS]) if count else None
    comments = list(responses.exclude(comment="").order_by("-submitted_at")[:50])
    return SurveyReport(period=period, respondents=count, nrr=nrr, index=index, comments=comments)
