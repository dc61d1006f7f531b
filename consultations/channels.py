"""The four intake channels of the service standard, as data.

Everything that differs between channels — the requirement checklist, the deadline
rule, the event that starts the clock, the event that stops it and the output — lives in
one :class:`ChannelSpec` per channel in :data:`CHANNELS`. Code asks the registry
(``spec(channel).deadline``) instead of comparing channel codes, so a fifth channel is one
``Channel`` member and one entry below (plus its forms), not edits across the codebase.

The codes (``surat``, ``tatap_muka``, ``website``, ``daring``) are also used by the
public service-standard pages; do not rename them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from workdays.deadlines import add_hours, add_working_days


class Channel(models.TextChoices):
    SURAT = "surat", _("Surat")
    TATAP_MUKA = "tatap_muka", _("Tatap Muka")
    WEBSITE = "website", _("Website")
    DARING = "daring", _("Tatap Muka Secara Daring")


class ClockStart(models.TextChoices):
    """What starts a channel's clock (SPEC.md, "clock starts")."""

    DIRECTOR_RECEIVED = "director_received", _("Diterima oleh Direktur")
    FRONT_DESK_REGISTERED = "front_desk_registered", _("Didaftarkan oleh Sekretariat Pelayanan")
    SUBMITTED = "submitted", _("Dikirim oleh pemohon")


class ClockStop(models.TextChoices):
    """What stops a channel's clock (SPEC.md, "clock stops")."""

    ANSWER_LETTER_ISSUED = "answer_letter_issued", _("Surat jawaban diterbitkan")
    ADVICE_RECORDED = "advice_recorded", _("Saran dicatat dalam sistem")
    ANSWER_SENT = "answer_sent", _("Jawaban dikirim kepada pemohon")
    MEETING_CONFIRMED = "meeting_confirmed", _("Jadwal pertemuan dikonfirmasi dengan PIC pemohon")


class OutputKind(models.TextChoices):
    ANSWER_LETTER = "answer_letter", _("Surat jawaban")
    VERBAL_ADVICE = "verbal_advice", _("Jawaban konsultasi secara lisan")
    WRITTEN_ANSWER = "written_answer", _("Jawaban konsultasi melalui website")
    MEETING_REPORT = "meeting_report", _("Laporan hasil pertemuan")


@dataclass(frozen=True)
class Requirement:
    """One item of a channel's requirement checklist (checked by the front desk)."""

    key: str
    label: Promise | str
    # Only for letters from a legal entity or an institution, not from a person.
    institutions_only: bool = False


@dataclass(frozen=True)
class DeadlineRule:
    """Either N working days (end of the Nth working day, WIB) or a number of hours."""

    label: Promise | str
    working_days: int | None = None
    hours: int | None = None

    def __post_init__(self) -> None:
        if (self.working_days is None) == (self.hours is None):
            raise ValueError("a deadline rule counts working days or hours, not both")

    @property
    def hourly(self) -> bool:
        return self.hours is not None

    def due_at(self, clock_started_at: datetime) -> datetime:
        if self.hours is not None:
            return add_hours(clock_started_at, self.hours)
        return add_working_days(clock_started_at, self.working_days)


@dataclass(frozen=True)
class ChannelSpec:
    code: Channel
    requirements: tuple[Requirement, ...]
    deadline: DeadlineRule
    clock_start: ClockStart
    clock_stop: ClockStop
    output: OutputKind
    # True when the applicant files the case in the portal themselves.
    self_service: bool = False

    @property
    def name(self) -> str:
        return self.code.label


CHANNELS: Mapping[Channel, ChannelSpec] = MappingProxyType(
    {
        Channel.SURAT: ChannelSpec(
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
            deadline=DeadlineRule(
                _("Paling lama 15 (lima belas) hari kerja setelah surat diterima Direktur."), working_days=15
            ),
            clock_start=ClockStart.DIRECTOR_RECEIVED,
            clock_stop=ClockStop.ANSWER_LETTER_ISSUED,
            output=OutputKind.ANSWER_LETTER,
        ),
        Channel.TATAP_MUKA: ChannelSpec(
            code=Channel.TATAP_MUKA,
            requirements=(
                Requirement("email", _("Memiliki alamat e-mail.")),
                Requirement("identity_document", _("Memiliki tanda pengenal (KTP, SIM, Kartu Pegawai atau Paspor).")),
                Requirement("phone", _("Memiliki nomor telepon.")),
                Requirement("form", _("Mengisi formulir konsultasi.")),
            ),
            deadline=DeadlineRule(_("Paling lama 1 (satu) jam."), hours=1),
            clock_start=ClockStart.FRONT_DESK_REGISTERED,
            clock_stop=ClockStop.ADVICE_RECORDED,
            output=OutputKind.VERBAL_ADVICE,
        ),
        Channel.WEBSITE: ChannelSpec(
            code=Channel.WEBSITE,
            requirements=(Requirement("account", _("Memiliki akun di portal E-Advokasi.")),),
            deadline=DeadlineRule(_("Paling lama 10 (sepuluh) hari kerja."), working_days=10),
            clock_start=ClockStart.SUBMITTED,
            clock_stop=ClockStop.ANSWER_SENT,
            output=OutputKind.WRITTEN_ANSWER,
            self_service=True,
        ),
        Channel.DARING: ChannelSpec(
            code=Channel.DARING,
            requirements=(
                Requirement(
                    "letterhead",
                    _("Bagi instansi/badan hukum: surat undangan menggunakan kop surat."),
                    institutions_only=True,
                ),
                Requirement("signed", _("Surat undangan telah ditandatangani.")),
            ),
            deadline=DeadlineRule(
                _("Paling lama 2 (dua) hari kerja setelah undangan diterima Direktur."), working_days=2
            ),
            clock_start=ClockStart.DIRECTOR_RECEIVED,
            clock_stop=ClockStop.MEETING_CONFIRMED,
            output=OutputKind.MEETING_REPORT,
        ),
    }
)

# A Channel member without an entry would fail only when a case of it arrives; fail now.
assert set(CHANNELS) == set(Channel), "every Channel needs exactly one ChannelSpec in CHANNELS"
assert all(code == entry.code for code, entry in CHANNELS.items())


def spec(channel: Channel | str) -> ChannelSpec:
    return CHANNELS[Channel(channel)]


def compute_due_at(channel: Channel | str, clock_started_at: datetime) -> datetime:
    """When a case of ``channel`` whose clock started at ``clock_started_at`` is due.

    Working-day rules end at 23:59:59 WIB of the Nth working day (``workdays.deadlines``);
    hourly rules are exact.
    """
    return spec(channel).deadline.due_at(clock_started_at)
