"""The consultation (one case, whatever the channel) and its yearly number counter."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Directorate
from accounts.roles import ALL_CASES_ROLES, CASEWORKER_ROLES, Role
from workdays.deadlines import DeadlineState, deadline_state, working_days_left

from ..channels import Channel, ChannelSpec, spec
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
    "applicant_id",
    "category_id",
    "directorate_id",
    "assignee_id",
)


class ConsultationQuerySet(models.QuerySet["Consultation"]):
    def open(self) -> ConsultationQuerySet:
        """Not answered yet (including letters whose clock has not started)."""
        return self.filter(status__in=[s.value for s in OPEN_STATUSES])

    def clock_running(self) -> ConsultationQuerySet:
        return self.filter(clock_started_at__isnull=False, completed_at__isnull=True)

    def for_directorate(self, directorate: Directorate) -> ConsultationQuerySet:
        return self.filter(directorate=directorate)

    def visible_to(self, user) -> ConsultationQuerySet:
        """The cases ``user`` may know exist (object access: anything else is a 404).

        - applicant: their own cases;
        - director, team lead, staff: every case routed to their directorate (a
          re-routed case leaves the old directorate's view);
        - front desk and admin: all cases (they register and audit across directorates);
        - anybody else (complaint handlers, anonymous, inactive): none. Complaint
          handlers follow up complaints, not cases: they will read the one case a
          complaint names, through the complaints desk (docs/decisions/0003).
        """
        if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.role == Role.APPLICANT:
            return self.filter(applicant=user)
        if user.role in CASEWORKER_ROLES:
            return self.filter(directorate_id=user.directorate_id)
        if user.role in ALL_CASES_ROLES:
            return self.all()
        return self.none()

    def queue_for(self, user) -> ConsultationQuerySet:
        """The staff queue: cases being worked on in the user's directorate.

        Directors and team leads see all of it; staff see theirs and the unassigned.
        Others have no queue. Combine with ``.queue_order()`` and filters.
        """
        if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.role not in CASEWORKER_ROLES:
            return self.none()
        qs = self.filter(directorate_id=user.directorate_id, status__in=[s.value for s in IN_HAND_STATUSES])
        if user.role == Role.STAFF:
            qs = qs.filter(Q(assignee=user) | Q(assignee__isnull=True))
        return qs

    def queue_order(self) -> ConsultationQuerySet:
        """Priority first (compensation), then the nearest deadline; cases without a
        running clock last."""
        return self.order_by("-is_priority", F("due_at").asc(nulls_last=True), "id")

    def overdue(self, now: datetime | None = None) -> ConsultationQuerySet:
        return self.clock_running().filter(due_at__lt=now or timezone.now())

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


class Consultation(models.Model):
    number = models.CharField(_("nomor"), max_length=20, unique=True, editable=False)
    channel = models.CharField(_("saluran"), max_length=20, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pemohon"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    category = models.ForeignKey(
        Category, verbose_name=_("kategori permasalahan"), on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(_("perihal"), max_length=200)
    description = models.TextField(_("uraian permasalahan"))

    # Procurement context, as the applicant states it.
    institution_name = models.CharField(_("nama instansi/badan usaha"), max_length=200)
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
    clock_started_at = models.DateTimeField(_("waktu mulai dihitung"), null=True, blank=True)
    due_at = models.DateTimeField(_("batas waktu"), null=True, blank=True, db_index=True)
    completed_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    completed_on_time = models.BooleanField(_("selesai tepat waktu"), null=True, blank=True)

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
        ]
        constraints = [
            models.CheckConstraint(
                name="consultation_assigned_has_assignee",
                condition=~Q(status=Status.ASSIGNED.value) | Q(assignee__isnull=False),
            ),
            models.CheckConstraint(
                name="consultation_running_clock_has_deadline",
                condition=Q(clock_started_at__isnull=True) | Q(due_at__isnull=False),
            ),
            models.CheckConstraint(
                name="consultation_open_is_not_completed",
                condition=~Q(status__in=sorted(s.value for s in OPEN_STATUSES)) | Q(completed_at__isnull=True),
            ),
            models.CheckConstraint(
                name="consultation_completion_is_judged",
                condition=Q(completed_at__isnull=True) | Q(completed_on_time__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.number

    # --- derived, single-row values ---------------------------------------------

    @property
    def status_label(self) -> str:
        """The status as people read it. Unlike ``get_status_display``, which hashes
        every choice label (a translation lookup each) on each call, one lookup: lists
        show it on every row."""
        return str(Status(self.status).label)

    @property
    def channel_label(self) -> str:
        return str(Channel(self.channel).label)

    @property
    def channel_spec(self) -> ChannelSpec:
        return spec(self.channel)

    @property
    def is_open(self) -> bool:
        return Status(self.status) in OPEN_STATUSES

    @property
    def clock_running(self) -> bool:
        return self.clock_started_at is not None and self.completed_at is None

    def deadline_state(self, now: datetime | None = None, *, days_left: int | None = None) -> DeadlineState | None:
        """``on_time``, ``at_risk`` or ``late`` (``workdays.deadlines.DeadlineState``).

        A stopped clock keeps the verdict it stopped with; no clock yet: None.
        ``days_left``: :meth:`working_days_left` at ``now``, if the caller has it.
        """
        if self.completed_at is not None:
            return DeadlineState.ON_TIME if self.completed_on_time else DeadlineState.LATE
        if self.due_at is None:
            return None
        return deadline_state(
            now or timezone.now(), self.due_at, hourly=self.channel_spec.deadline.hourly, days_left=days_left
        )

    def working_days_left(self, now: datetime | None = None) -> int | None:
        """Working days left while the clock runs; None for hourly channels and stopped
        clocks (show :meth:`time_left` for walk-ins instead)."""
        if not self.clock_running or self.channel_spec.deadline.hourly:
            return None
        return working_days_left(now or timezone.now(), self.due_at)

    def time_left(self, now: datetime | None = None) -> timedelta | None:
        """Time until the deadline while the clock runs (negative when late)."""
        if not self.clock_running:
            return None
        return self.due_at - (now or timezone.now())


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
