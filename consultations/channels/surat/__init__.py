"""Channel 1, Surat: a signed letter (for an institution or legal entity on letterhead,
stamped or electronically signed) to the Head of LKPP, the Deputy or a Director. The
clock starts when the Director receives it; the output is an answer letter (15 working
days). Intake: ``services.letters`` (registration by the secretariat or upload in the
portal, the checklist, the Director's desk, disposition, drafts, the answer letter)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ...workflow import Step
from ..base import Channel, ChannelSpec, ClockStart, ClockStop, DeadlineRule, OutputKind, Requirement

SPEC = ChannelSpec(
    code=Channel.SURAT,
    requirements=(
        Requirement("signed", _("Surat permasalahan telah ditandatangani.")),
        Requirement(
            "letterhead",
            _("Bagi badan hukum/instansi: surat menggunakan kop surat."),
            institutions_only=True,
        ),
        Requirement(
            "stamped_or_esigned",
            _("Bagi badan hukum/instansi: surat distempel atau ditandatangani secara elektronik."),
            institutions_only=True,
        ),
    ),
    deadline=DeadlineRule(_("Maksimal 15 (lima belas) hari kerja setelah surat diterima Direktur."), working_days=15),
    clock_start=ClockStart.DIRECTOR_RECEIVED,
    clock_stop=ClockStop.ANSWER_LETTER_ISSUED,
    clock_start_step=Step.RECEIVE,
    clock_stop_step=Step.ISSUE_ANSWER_LETTER,
    output=OutputKind.ANSWER_LETTER,
    steps=frozenset(
        {
            Step.REGISTER,
            Step.CHECK_LETTER,
            Step.RETURN_LETTER,
            Step.RECEIVE,
            # A letter is given to somebody by disposition (with its instructions), not by
            # the website's plain assignment.
            Step.DISPOSE,
            Step.REROUTE,
            Step.WRITE_DRAFT,
            Step.REVIEW_DRAFT,
            Step.ADD_INTERNAL_NOTE,
            Step.LINK_ACCOUNT,
            Step.ISSUE_ANSWER_LETTER,
        }
    ),
    delivered_label=_("Surat jawaban diterbitkan"),
    pending_note=_("Tenggat dihitung setelah surat diterima Direktur"),
    intake="consultations.channels.surat.services.upload_letter",
    intake_form="consultations.channels.surat.forms.LetterUploadForm",
    package=__name__,
    question_heading=_("Ringkasan surat"),
    files_heading=_("Pindaian surat"),
)
