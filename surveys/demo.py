"""Demo data of the survey (``manage.py seed_demo``): the delivered demo cases invited and
answered through the real services, so the IKM report has numbers. Runs after the
consultation desk's demo (INSTALLED_APPS order)."""

from __future__ import annotations

from collections.abc import Callable

from .models import SurveyInvitation
from .scoring import ELEMENTS
from .services import invite_delivered, submit_response

# Three answer sheets, in the elements' order, as respondents might fill them.
SHEETS = [
    ([4, 4, 3, 4, 4, 4, 4, 3, 3], "Jawaban jelas dan cepat. Terima kasih."),
    ([3, 3, 3, 4, 3, 4, 4, 3, 3], "Mohon status surat diperbarui lebih sering."),
    ([4, 3, 4, 4, 4, 3, 4, 4, 3], ""),
]


def seed(write: Callable[[str], object], *, calendar: bool, samples: bool) -> None:
    if not samples:
        return
    if SurveyInvitation.objects.filter(used_at__isnull=False).exists():
        write("surveys: samples already there")
        return
    invite_delivered()
    answered = 0
    for invitation, (scores, comment) in zip(
        SurveyInvitation.objects.filter(used_at__isnull=True).order_by("created_at", "pk"), SHEETS, strict=False
    ):
        submit_response(invitation=invitation, scores=dict(zip(ELEMENTS, scores, strict=True)), comment=comment,
                        profile={"occupation": "pns"})
        answered += 1
    write(f"surveys: {answered} sample responses")
