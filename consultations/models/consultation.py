"""The consultation (one case, whatever the channel) and its yearly number counter."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Directorate
from core.deadlines import DeadlineModel, DeadlineQuerySet, deadline_constraints, deadline_indexes

from ..channels import CHANNELS, Channel, ChannelSpec, OutputKind, spec
from ..workflow import IN_HAND_STATUSES, OPEN_STATUSES, Status
from .category import Category


class ProcurementStage(models.TextChoices):
    """Stages of procurement (Perpres 16/2018 as amended), as applicants name them."""

    PERENCANAAN = "perencanaan", _("Perencanaan pengadaan")
    PERSIAPAN = "persiapan", _("Persiapan pengadaan")
    PEMILIHAN = "pemilihan", _("Pemilihan penyedia")
    PELAKSANAAN_KONTRAK = "pelaksanaan_kontrak", _("Pelaksanaan kontrak")
    SERAH_TERIMA = "serah_terima", _("Serah terima hasil pekerjaan")
    LAINNYA = "lainnya", _("Lainnya")


# What list rows read of a case (``ConsultationQuerySet.as_rows``): the deadline
# columns feed ``deadline_state`` and the working days left.
LIST_COLUMNS = (
    "number",
    "channel",
    "status",
    "subject",
    "institution_name",
    "is_priority",
    "submitted_at",
    "clock_started_at",
    "due_at",
    "completed_at",
    "completed_on_time",
    "breached_at",
    "applicant_id",
    "contact_name",
    "category_id",
    "directorate_id",
    "assignee_id",
)


def _reported_channels() -> list[str]:
    """The channels whose output is a report written after the clock stops."""
    return [str(code) for code, entry in CHANNELS.items() if entry.output == OutputKind.MEETING_REPORT]


class ConsultationQuerySet(DeadlineQuerySet):
    """Query building blocks over cases (who sees which is ``selectors``'); ``clock_running``, ``overdue`` and ``in_deadline_state`` come
    from ``core.deadlines.DeadlineQuerySet``."""

    def open(self) -> ConsultationQuerySet:
        """Not answered yet (including letters whose clock has not started)."""
        return self.filter(status__in=[s.value for s in OPEN_STATUSES])

    def output_sent(self) -> ConsultationQuerySet:
        """The cases whose output went out to the applicant (:attr:`Consultation.output_sent`)."""
        return self.filter(status=Status.DELIVERED).filter(
            ~Q(channel__in=_reported_channels()) | Q(meeting_report__approved_at__isnull=False)
        )

    def queue_order(self) -> ConsultationQuerySet:
        """Priority first (compensation), then the nearest deadline; cases without a
        running clock last."""
        return self.order_by("-is_priority", F("due_at").asc(nulls_last=True), "id")

    def with_related(self) -> ConsultationQuerySet:
        """What a case page shows, in one query."""
        return self.select_related("applicant", "category", "directorate", "assignee")

    def as_rows(self) -> ConsultationQuerySet:
        """The columns of a list row ("Konsultasi Saya"): not the description, which
        can be long, and nothing a list does not show."""
        return self.only(*LIST_COLUMNS)

    def as_queue_rows(self) -> ConsultationQuerySet:
        """A staff queue row: :meth:`as_rows` with the names of the related rows, in one
        query. Narrow columns keep the join cheap (5.3 -> 3.7 ms for a page of 25 on
        100,000 cases); a template that reads another column would cost a query per row,
        which the query-count tests catch."""
        return self.select_related("applicant", "category", "directorate", "assignee").only(
            *LIST_COLUMNS,
            "applicant__full_name",
            "category__name",
            "category__name_en",
            "directorate__code",
            "directorate__name",
            "directorate__name_en",
            "assignee__full_name",
        )


class Consultation(DeadlineModel):
    """One case, whatever the channel. The deadline columns (``clock_started_at``,
    ``due_at``, ``completed_at``, ``completed_on_time``) and their state come from
    ``core.deadlines.DeadlineModel``; the channel says whether the rule is hourly.

    Who the case is for is its contact (name, e-mail, phone; ``institution_name``),
    linked to a portal account (``applicant``) when there is one: a walk-in guest or
    the sender of a paper letter may have none. Website-only fields (category, subject,
    the account) are optional here and required by the website intake."""

    # Unique by consult_number_unique (Meta): unique=True would add an index for LIKE
    # 'prefix%' to every write of a case, and numbers are looked up whole.
    number = models.CharField(_("nomor"), max_length=20, editable=False)
    channel = models.CharField(_("saluran"), max_length=20, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun pemohon"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        db_index=False,  # consult_applicant_idx starts with it
    )
    # The contact, as given when the case was filed (for an account: a snapshot of it).
    contact_name = models.CharField(_("nama pemohon"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-mail pemohon"), blank=True)
    contact_phone = models.CharField(_("telepon pemohon"), max_length=30, blank=True)

    category = models.ForeignKey(
        Category,
        verbose_name=_("kategori permasalahan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    subject = models.CharField(_("perihal"), max_length=200, blank=True)
    description = models.TextField(_("uraian permasalahan"))

    # Procurement context, as the applicant states it.
    institution_name = models.CharField(_("nama instansi/badan usaha"), max_length=200, blank=True)
    procurement_package = models.CharField(_("nama paket atau kode RUP"), max_length=255, blank=True)
    fiscal_year = models.PositiveSmallIntegerField(
        _("tahun anggaran"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    procurement_stage = models.CharField(
        _("tahap pengadaan"), max_length=30, choices=ProcurementStage.choices, blank=True
    )

    directorate = models.ForeignKey(
        Directorate, verbose_name=_("direktorat"), on_delete=models.PROTECT, related_name="consultations"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("petugas"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_consultations",
    )
    is_priority = models.BooleanField(_("prioritas"), default=False)
    language = models.CharField(
        _("bahasa pemohon"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    submitted_at = models.DateTimeField(_("diterima pada"))

    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("konsultasi")
        verbose_name_plural = _("konsultasi")
        indexes = [
            # The staff queue, in its own order (``queue_order``), over the cases in hand
            # only: PostgreSQL walks it and stops after one page, and counts the queue
            # with an index-only scan, instead of sorting a directorate's open cases.
            models.Index(
                fields=["directorate", "-is_priority", "due_at", "id"],
                name="consult_queue_idx",
                condition=Q(status__in=sorted(s.value for s in IN_HAND_STATUSES)),
            ),
            models.Index(fields=["applicant", "-submitted_at"], name="consult_applicant_idx"),
            *deadline_indexes("consult"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["number"], name="consult_number_unique"),
            models.CheckConstraint(
                name="consultation_assigned_has_assignee",
                condition=~Q(status=Status.ASSIGNED.value) | Q(assignee__isnull=False),
            ),
            models.CheckConstraint(
                name="consultation_has_a_contact",
                condition=Q(applicant__isnull=False) | ~Q(contact_name=""),
            ),
            models.CheckConstraint(
                name="consultation_open_is_not_completed",
                condition=~Q(status__in=sorted(s.value for s in OPEN_STATUSES)) | Q(completed_at__isnull=True),
            ),
            # A case closed without output (a meeting called off for good) has no verdict.
            *deadline_constraints("consultation", unjudged=Q(status=Status.CANCELLED.value)),
        ]

    def __str__(self) -> str:
        return self.number

    # --- derived, single-row values ---------------------------------------------

    @property
    def status_label(self) -> str:
        """The status as people read it, in the words of the case's channel ("Sudah
        dijawab" for a delivered website case). Unlike ``get_status_display``, which
        hashes every choice label (a translation lookup each) on each call, one lookup:
        lists show it on every row."""
        return self.channel_spec.status_label(self.status)

    @property
    def applicant_name(self) -> str:
        """Who the case is for: the account's current name, else the contact's."""
        return self.applicant.full_name if self.applicant_id is not None else self.contact_name

    @property
    def channel_label(self) -> str:
        return self.channel_spec.name

    @property
    def channel_spec(self) -> ChannelSpec:
        return spec(self.channel)

    @property
    def is_open(self) -> bool:
        return Status(self.status) in OPEN_STATUSES

    @property
    def output_sent(self) -> bool:
        """Whether the channel's output went out to the applicant: delivered, and where the
        output follows the clock's stop (the online meeting's report, after the
        confirmation), that output approved and sent. The satisfaction survey asks about
        the output, so it waits for this; a cancelled case has none."""
        if self.status != Status.DELIVERED:
            return False
        if self.channel_spec.output != OutputKind.MEETING_REPORT:
            return True
        report = getattr(self, "meeting_report", None)
        return report is not None and report.approved_at is not None

    # --- the deadline hooks of core.deadlines.DeadlineModel, from the channel registry ---

    @property
    def deadline_is_hourly(self) -> bool:
        return self.channel_spec.deadline.hourly

    @classmethod
    def hourly_deadline_q(cls) -> Q:
        return Q(channel__in=[str(code) for code, entry in CHANNELS.items() if entry.deadline.hourly])

    @property
    def deadline_rule_label(self) -> str:
        return str(self.channel_spec.deadline.label)

    @property
    def deadline_pending_note(self) -> str:
        # A letter or an invitation waits for the Director: the channel says so.
        return str(self.channel_spec.pending_note)


class CaseCounter(models.Model):
    """The last case number given out in a year. Services lock the row
    (``select_for_update``) in the submitting transaction, so numbers are gapless: a
    rolled-back submission gives its number back."""

    year = models.PositiveSmallIntegerField(_("tahun"), primary_key=True)
    last_number = models.PositiveIntegerField(_("nomor terakhir"), default=0)

    class Meta:
        verbose_name = _("penghitung nomor konsultasi")
        verbose_name_plural = _("penghitung nomor konsultasi")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"
