"""Demo data of the survey (``manage.py seed_demo``): the delivered demo cases invited and
answered through the real services, so the IKM report has numbers. Runs after the
consultation desk's demo (INSTALLED_APPS order)."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from .models import SurveyInvitation
from .scoring import ELEMENTS
from .services import digest, invite_delivered, submit_response

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
        # The e-mailed token is not kept; the demo gives the invitation a token it knows.
        token = secrets.token_urlsafe(24)
        SurveyInvitation.objects.filter(pk=invitation.pk).update(token_digest=digest(token))
        submit_response(token=token, scores=dict(zip(ELEMENTS, scores, strict=True)), comment=comment,
                        profile={"occupation": "pns"})
        answered += 1
    write(f"surveys: {answered} sample responses")
