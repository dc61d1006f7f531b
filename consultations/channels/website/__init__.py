"""Channel 3, Website: an applicant with a portal account writes the question in
E-Advokasi. The clock starts on submission; the output is the written answer, e-mailed
(10 working days). Intake: ``services.submit_website_consultation``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ...workflow import Step
from ..base import Channel, ChannelSpec, ClockStart, ClockStop, DeadlineRule, OutputKind, Requirement

SPEC = ChannelSpec(
    code=Channel.WEBSITE,
    requirements=(Requirement("account", _("Memiliki akun di portal E-Advokasi.")),),
    deadline=DeadlineRule(_("Maksimal 10 (sepuluh) hari kerja."), working_days=10),
    clock_start=ClockStart.SUBMITTED,
    clock_stop=ClockStop.ANSWER_SENT,
    clock_start_step=Step.SUBMIT,
    clock_stop_step=Step.SEND_ANSWER,
    output=OutputKind.WRITTEN_ANSWER,
    steps=frozenset(
        {
            Step.SUBMIT,
            Step.ASSIGN,
            Step.CLAIM,
            Step.REROUTE,
            Step.ADD_INTERNAL_NOTE,
            Step.POST_MESSAGE,
            Step.SEND_ANSWER,
            Step.CORRECT_ANSWER,
        }
    ),
    delivered_label=_("Sudah dijawab"),
    intake="consultations.channels.website.services.submit_website_consultation",
    intake_form="consultations.channels.website.forms.ConsultationForm",
    package=__name__,
)
