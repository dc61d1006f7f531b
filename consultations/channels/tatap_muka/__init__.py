"""Channel 2, Tatap Muka: a guest at the LKPP office, with a filled form, an e-mail
address, an identity document and a phone number. The clock starts when the Sekretariat
Pelayanan registers the visit; the output is advice given in person and recorded (one
hour). Its package holds the intake (``services``: the form beforehand, the desk's registration,
hand-off to the authorized staff on duty, the advice recorded)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ...workflow import Step
from ..base import Channel, ChannelSpec, ClockStart, ClockStop, DeadlineRule, OutputKind, Requirement

SPEC = ChannelSpec(
    code=Channel.TATAP_MUKA,
    requirements=(
        Requirement("email", _("Memiliki alamat e-mail.")),
        Requirement("identity_document", _("Memiliki tanda pengenal (KTP, SIM, Kartu Pegawai atau Paspor).")),
        Requirement("phone", _("Memiliki nomor telepon.")),
        Requirement("form", _("Mengisi formulir konsultasi.")),
    ),
    deadline=DeadlineRule(_("Maksimal 1 (satu) jam."), hours=1),
    clock_start=ClockStart.FRONT_DESK_REGISTERED,
    clock_stop=ClockStop.ADVICE_RECORDED,
    clock_start_step=Step.REGISTER_VISIT,
    clock_stop_step=Step.RECORD_ADVICE,
    output=OutputKind.VERBAL_ADVICE,
    steps=frozenset(
        {
            Step.REGISTER_VISIT,
            Step.HAND_OFF,
            Step.ACCEPT_GUEST,
            Step.NEED_MORE_TIME,
            Step.ADD_INTERNAL_NOTE,
            Step.LINK_ACCOUNT,
            Step.RECORD_ADVICE,
        }
    ),
    delivered_label=_("Saran telah dicatat"),
    phone_identifies=True,
    intake="consultations.channels.tatap_muka.services.register_visit",
    intake_form="consultations.channels.tatap_muka.forms.VisitRegistrationForm",
    package=__name__,
)
