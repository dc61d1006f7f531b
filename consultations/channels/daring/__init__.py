"""Channel 4, Tatap Muka Secara Daring: an institution invites a Director to an online
meeting (on letterhead, signed). The clock starts when the Director receives the
invitation and stops when the meeting's schedule is confirmed with the applicant's PIC
(2 working days); the output is the meeting report. A schedule called off goes back to
the desk, its clock running again for 2 working days, or closes the case as cancelled,
without output and without a verdict (docs/decisions/0007-meeting-cancellation.md).
Intake: the letter desk (``services.letters``: registration, checklist, receipt,
disposition), then ``services.meetings`` (coordination with the PIC, confirmation,
cancellation) and ``services.meeting_reports`` (the report)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ...workflow import Step
from ..base import Channel, ChannelSpec, ClockStart, ClockStop, DeadlineRule, OutputKind, Requirement

SPEC = ChannelSpec(
    code=Channel.DARING,
    requirements=(
        Requirement("signed", _("Surat undangan telah ditandatangani.")),
        Requirement(
            "letterhead",
            _("Bagi badan hukum/instansi: surat undangan menggunakan kop surat."),
            institutions_only=True,
        ),
    ),
    deadline=DeadlineRule(_("Maksimal 2 (dua) hari kerja setelah undangan diterima Direktur."), working_days=2),
    clock_start=ClockStart.DIRECTOR_RECEIVED,
    clock_stop=ClockStop.MEETING_CONFIRMED,
    clock_start_step=Step.RECEIVE,
    clock_stop_step=Step.CONFIRM_MEETING,
    output=OutputKind.MEETING_REPORT,
    steps=frozenset(
        {
            Step.REGISTER,
            Step.CHECK_LETTER,
            Step.RETURN_LETTER,
            Step.RECEIVE,
            Step.DISPOSE,
            Step.REROUTE,
            Step.ADD_INTERNAL_NOTE,
            Step.LINK_ACCOUNT,
            Step.MESSAGE_PIC,
            Step.CONFIRM_MEETING,
            Step.RESCHEDULE_MEETING,
            Step.CANCEL_MEETING,
            Step.CLOSE_CANCELLED_MEETING,
            Step.WRITE_REPORT,
            Step.APPROVE_REPORT,
        }
    ),
    delivered_label=_("Jadwal pertemuan dikonfirmasi"),
    pending_note=_("Tenggat dihitung setelah undangan diterima Direktur"),
    package=__name__,
    question_heading=_("Ringkasan surat"),
    files_heading=_("Pindaian surat"),
)
