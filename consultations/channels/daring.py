"""Channel 4, Tatap Muka Secara Daring: an institution invites a Director to an online
meeting (on letterhead, signed). The clock starts when the Director receives the
invitation and stops when the meeting's schedule is confirmed with the applicant's PIC
(2 working days); the output is the meeting report. Its intake is the meeting issue's."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ..workflow import Step
from .base import Channel, ChannelSpec, ClockStart, ClockStop, DeadlineRule, OutputKind, Requirement

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
            Step.RECEIVE,
            Step.ASSIGN,
            Step.CLAIM,
            Step.REROUTE,
            Step.ADD_INTERNAL_NOTE,
            Step.POST_MESSAGE,
            Step.CONFIRM_MEETING,
        }
    ),
    delivered_label=_("Jadwal pertemuan dikonfirmasi"),
    pending_note=_("Tenggat dihitung setelah undangan diterima Direktur"),
)
