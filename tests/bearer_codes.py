"""Every kind of bearer code the site gives out, made through the real services, and the
public pages each one opens (with a right and an unknown code): for the code-guessing
throttle (test_code_pages) and the logs (test_log_redaction)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import InternalUserFactory, directorate
from complaints import services as complaints
from complaints.models import Kind
from consultations.channels.surat import answer_letters, drafting
from consultations.channels.surat import services as letters
from consultations.channels.tatap_muka import services as walk_ins
from consultations.channels.tatap_muka.selectors import display_code
from consultations.models import Category
from consultations.tests.factories import ConsultationFactory
from consultations.tests.test_letters import on_desk
from consultations.workflow import Status
from core.time import WIB
from notifications.models import OutboundEmail
from surveys.services import invite_delivered

MONDAY = datetime(2026, 11, 2, 9, 0, tzinfo=WIB)


@dataclass
class Codes:
    complaint: str  # ADU-XXXX-XXXX-XXXX-XXXX
    walk_in: str  # XXXXXXXX (shown XXXX-XXXX)
    letter_token: str
    verification: str  # XXXX-XXXX-XXXX-XXXX
    survey_token: str

    def secrets(self) -> list[str]:
        """Each code in every form it may be written in (as given, compact, shown)."""
        compact_complaint = self.complaint.removeprefix("ADU-").replace("-", "")
        return [
            self.complaint, compact_complaint, self.walk_in, display_code(self.walk_in), self.letter_token,
            self.verification, self.verification.replace("-", ""), self.survey_token,
        ]


def _token_in(template: str, key: str, pattern: str, **filters) -> str:
    email = OutboundEmail.objects.filter(template=template, **filters).latest("pk")
    return re.search(pattern, email.context[key]).group(1)


def make_codes(front_desk, applicant) -> Codes:
    """One of each (call inside the travel to ``MONDAY``, with the holidays loaded and
    uploads in a test folder)."""
    pusat = directorate("pusat")
    filed = complaints.file_complaint(kind=Kind.PENGADUAN, text="Jawaban belum datang.", directorate=pusat)
    handler = InternalUserFactory(email="pengaduan@lkpp.go.id", role=Role.COMPLAINT_HANDLER, directorate=pusat)
    complaints.take(complaint=filed.complaint, actor=handler)
    # Waiting for the complainant: the tracking page has a form (a bad post is a 400).
    complaints.ask_complainant(complaint=filed.complaint, text="Nomor konsultasinya berapa?", actor=handler)
    complaint = filed.code
    walk_in = walk_ins.submit_visit_form(
        name="Sri Wahyuni", email="sri.wahyuni@contoh.go.id", phone="+6281234567890",
        institution_name="Dinas PUPR Bantul", institution_type="pemda",
        category=Category.objects.get(code="perencanaan"), question="Bagaimana menyusun HPS jalan desa?",
    ).code

    director = InternalUserFactory(email="direktur.pusat@lkpp.go.id", role=Role.DIRECTOR, directorate=pusat)
    lead = InternalUserFactory(email="ketua.pusat@lkpp.go.id", role=Role.TEAM_LEAD, directorate=pusat)
    staff = InternalUserFactory(email="staf.pusat@lkpp.go.id", role=Role.STAFF, directorate=pusat)
    case = on_desk(front_desk)
    letter_token = _token_in("letter-registered", "tracking_url", r"/lacak/([^/]+)/")
    letters.receive_letter(consultation=case, actor=director)
    letters.dispose(consultation=case, actor=director, to=staff, ticks=["siapkan_jawaban"])
    draft = drafting.write_draft(consultation=case, author=staff, kinds=["pendapat"], body="Dapat dilakukan.")
    drafting.review_draft(draft=draft, reviewer=lead, decision="approve")
    drafting.review_draft(draft=draft, reviewer=director, decision="approve", nature="segera")
    verification = answer_letters.issue_answer_letter(consultation=case, actor=director).verification_code

    delivered = ConsultationFactory(applicant=applicant, status=Status.DELIVERED, completed_at=timezone.now(),
                                    completed_on_time=True)
    invite_delivered()
    survey_token = _token_in("survey-invitation", "survey_url", r"/survei/([^/]+)/", subject_id=delivered.pk)
    return Codes(complaint, walk_in, letter_token, verification, survey_token)


# Unknown codes of the right shape, one per kind.
UNKNOWN = Codes(
    complaint="ADU-2222-3333-4444-5555", walk_in="ZZZZ9999", letter_token="x" * 32,
    verification="AAAA-BBBB-CCCC-DDDD", survey_token="y" * 32,
)


def guarded_pages(codes: Codes) -> dict[str, str]:
    """The public pages opened by a code that count guesses (one counter), by name."""
    return {
        "complaints:track": reverse("complaints:track", kwargs={"code": codes.complaint}),
        "consultations:visit_done": reverse("consultations:visit_done", kwargs={"code": codes.walk_in}),
        "consultations:visit_qr": reverse("consultations:visit_qr", kwargs={"code": codes.walk_in}),
        "consultations:track": reverse("consultations:track", kwargs={"token": codes.letter_token}),
        "consultations:track_answer_letter": reverse("consultations:track_answer_letter",
                                                     kwargs={"token": codes.letter_token}),
        "consultations:verify_letter": reverse("consultations:verify_letter", kwargs={"code": codes.verification}),
    }


def public_pages(codes: Codes) -> dict[str, str]:
    """Every public page opened by a code (the survey's link too)."""
    return guarded_pages(codes) | {"surveys:answer": reverse("surveys:answer", kwargs={"token": codes.survey_token})}
