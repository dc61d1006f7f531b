"""The vocabulary of the channel registry: the channel codes, what starts and stops a
clock, the outputs, and :class:`ChannelSpec`, which one module per channel fills in.

The codes (``surat``, ``tatap_muka``, ``website``, ``daring``) are also used by the
public service-standard pages; do not rename them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib import import_module
from types import ModuleType

from django.db import models
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from workdays.deadlines import add_hours, add_working_days

from ..workflow import Status, Step


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
    """Everything that differs between channels, for one channel.

    ``steps``: the workflow steps (``workflow.Step``) a case of this channel may take;
    the services refuse any other. ``clock_start_step`` / ``clock_stop_step``: the step
    that starts / stops its clock (``services.common.run_clock`` reads them; the
    ``clock_start`` / ``clock_stop`` labels say it in the standard's words).
    ``delivered_label``: what the ``DELIVERED`` status means for this channel's output.
    ``intake`` / ``intake_form``: dotted paths of the service that files a case of this
    channel and of its form, once they exist (strings: the services import the
    registry, never the other way round); None while the channel cannot be filed yet.
    The intake view takes both from here (:meth:`intake_service`, :meth:`intake_form_class`).
    ``pending_note``: what a page says about the deadline before the clock starts (a
    letter or an invitation waits for the Director); empty when intake starts it.
    ``phone_identifies``: the contact's phone number names the person (the walk-in desk).
    """

    code: Channel
    requirements: tuple[Requirement, ...]
    deadline: DeadlineRule
    clock_start: ClockStart
    clock_stop: ClockStop
    clock_start_step: Step
    clock_stop_step: Step
    output: OutputKind
    steps: frozenset[Step]
    delivered_label: Promise | str
    intake: str | None = None
    intake_form: str | None = None
    pending_note: Promise | str = ""
    # Whether a case of this channel may be matched to a person by its phone number
    # (priority credits, DESIGN.md 5b): only where the secretariat sees the person and
    # their identity document with the number. A number typed on a profile or in a
    # letter proves nothing about who owns it; an e-mail address is proven by a link.
    phone_identifies: bool = False
    # The channel's package (``consultations.channels.<code>``): its ``urls`` (URL
    # patterns, in the ``consultations`` namespace), its ``panel`` (what the staff case
    # page shows of the channel), its ``templates/`` folder, its services, forms, views
    # and e-mails. The registry reads the first three from here (:meth:`urlpatterns`,
    # :meth:`panel`; ``channels.loader.Loader``).
    package: str | None = None
    # The staff case page's words for what came in, and for its files.
    question_heading: Promise | str = _("Pertanyaan")
    files_heading: Promise | str = _("Lampiran pemohon")

    def __post_init__(self) -> None:
        missing = {self.clock_start_step, self.clock_stop_step} - self.steps
        if missing:
            raise ValueError(f"{self.code}: the clock's steps {sorted(missing)} are not among its steps")

    @property
    def name(self) -> str:
        return str(getattr(self.code, "label", self.code))

    def part(self, name: str) -> ModuleType | None:
        """The module ``name`` of the channel's package, or None when it has none."""
        if self.package is None:
            return None
        try:
            return import_module(f"{self.package}.{name}")
        except ModuleNotFoundError as missing:
            if missing.name != f"{self.package}.{name}":
                raise  # the module exists and imports something that does not
            return None

    def urlpatterns(self) -> list:
        """The channel's URL patterns (its package's ``urls.urlpatterns``)."""
        module = self.part("urls")
        return list(module.urlpatterns) if module is not None else []

    def panel(self, request, case, access, bound: dict, page: dict) -> dict:
        """What the staff case page shows of the channel, below what came in: the
        template ``<code>/_panel.html`` (the package's ``templates/``) and the context
        its package's ``panel.panel(request, case, access, bound, page)`` adds (``page``:
        the page's own context so far, e.g. its ``records``); empty when the package has
        no panel."""
        module = self.part("panel")
        if module is None:
            return {}
        return {**module.panel(request, case, access, bound, page), "channel_panel": f"{self.code}/_panel.html"}

    def intake_service(self) -> Callable[..., object]:
        """The service that files a case of this channel (``intake``)."""
        return _imported(self._require_intake(self.intake))

    def intake_form_class(self) -> type:
        """The form of this channel's intake (``intake_form``)."""
        return _imported(self._require_intake(self.intake_form))

    def _require_intake(self, path: str | None) -> str:
        if path is None:
            raise LookupError(f"the {self.code} channel has no intake yet")
        return path

    def status_label(self, status: Status | str) -> str:
        """A status as people read it for a case of this channel."""
        status = Status(status)
        return str(self.delivered_label if status == Status.DELIVERED else status.label)


@cache
def _imported(path: str):
    return import_string(path)
