"""The online-meeting channel's records (SK 234/2024, channel 4: Tatap Muka Secara Daring).

The invitation itself is an :class:`~consultations.models.IncomingLetter` (the letter
desk: registration, checklist, the Director's receipt, disposition); beside it:

- :class:`MeetingInvitation` — what the invitation asks for: the PIC (name, phone,
  e-mail), the proposed dates and times, the platform and link if known.
- :class:`PicMessage` — the coordination with the PIC, kept on the case (sent by e-mail,
  or a reply the assignee logs).
- :class:`Meeting` — the confirmed schedule: its confirmation stops the clock; a stable
  UID and a SEQUENCE that grows with every change (the ``.ics`` invitations). Called
  off, it keeps who called it off (:class:`CancelledBy`), why and when; confirmed again
  after a cancellation, it is the same row (the same calendar event), and the earlier
  cancellations are in the case's events.
- :class:`MeetingReport` — after the meeting: what was held, with whom, the advice; the
  team lead's approval renders it once as a PDF with its SHA-256.
"""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.records import AppendOnlyModel
from files.storage import RandomName

from .consultation import Consultation
from .records import AnswerKind, validate_answer_kinds


class MeetingInvitation(models.Model):
    consultation = models.OneToOneField(Consultation, on_delete=models.PROTECT, primary_key=True, related_name="invitation")
    pic_name = models.CharField(_("nama PIC"), max_length=200)
    pic_phone = models.CharField(_("telepon PIC"), max_length=30)
    pic_email = models.EmailField(_("e-mail PIC"))
    # ISO datetimes (aware), in the order the invitation proposes them.
    proposed_slots = models.JSONField(_("usulan waktu"), default=list, blank=True, encoder=DjangoJSONEncoder)
    platform = models.CharField(_("platform"), max_length=100, blank=True)
    link = models.URLField(_("tautan rapat"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("undangan rapat daring")
        verbose_name_plural = _("undangan rapat daring")

    def __str__(self) -> str:
        return f"{self.consultation_id}: {self.pic_name}"


class PicMessage(AppendOnlyModel):
    """One message of the coordination with the PIC."""

    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="pic_messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("dicatat oleh"), on_delete=models.PROTECT, related_name="+")
    # Sent to the PIC by e-mail, or the PIC's reply (by e-mail or telephone) logged here.
    from_pic = models.BooleanField(_("dari PIC"))
    body = models.TextField(_("pesan"))
    at = models.DateTimeField(_("waktu"))

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("pesan dengan PIC")
        verbose_name_plural = _("pesan dengan PIC")

    def __str__(self) -> str:
        return f"{self.consultation_id} @ {self.at:%Y-%m-%d %H:%M}"


class MeetingStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Terjadwal")
    CANCELLED = "cancelled", _("Dibatalkan")


class CancelledBy(models.TextChoices):
    """Who called a meeting off."""

    PIC = "pic", _("Pemohon/PIC")
    LKPP = "lkpp", _("LKPP")


class Meeting(models.Model):
    consultation = models.OneToOneField(Consultation, on_delete=models.PROTECT, primary_key=True, related_name="meeting")
    # RFC 5545: the same event for its whole life; each change raises the sequence.
    uid = models.CharField(_("UID kalender"), max_length=120, unique=True)
    sequence = models.PositiveIntegerField(_("urutan perubahan"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.CONFIRMED)
    starts_at = models.DateTimeField(_("mulai"))
    ends_at = models.DateTimeField(_("selesai"))
    platform = models.CharField(_("platform"), max_length=100)
    link = models.URLField(_("tautan rapat"), max_length=500)
    team = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("tim LKPP"), related_name="+")
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("dikonfirmasi oleh"), on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(_("dikonfirmasi pada"))
    updated_at = models.DateTimeField(_("diubah pada"))
    # While cancelled: when, by whom (the PIC's side or LKPP; empty only for meetings
    # cancelled before this was asked), why, and who recorded it. Cleared when the
    # schedule is confirmed again (the events keep every cancellation).
    cancelled_at = models.DateTimeField(_("dibatalkan pada"), null=True, blank=True)
    cancelled_by = models.CharField(_("dibatalkan oleh"), max_length=10, choices=CancelledBy.choices, blank=True)
    cancel_reason = models.TextField(_("alasan pembatalan"), blank=True)
    cancel_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("pembatalan dicatat oleh"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="+",
    )

    class Meta:
        verbose_name = _("rapat daring")
        verbose_name_plural = _("rapat daring")
        constraints = [
            models.CheckConstraint(name="meeting_ends_after_start", condition=Q(ends_at__gt=models.F("starts_at"))),
            models.CheckConstraint(
                name="meeting_cancellation_recorded",
                condition=Q(status=MeetingStatus.CANCELLED.value, cancelled_at__isnull=False)
                | Q(status=MeetingStatus.CONFIRMED.value, cancelled_at__isnull=True, cancelled_by="", cancel_reason="",
                    cancel_recorded_by__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.consultation_id} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED


class MeetingReport(models.Model):
    """The meeting's report; approved once by a team lead, then rendered and sent."""

    consultation = models.OneToOneField(Consultation, on_delete=models.PROTECT, primary_key=True, related_name="meeting_report")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("penyusun"), on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("tanggal rapat"))
    attendees_lkpp = models.TextField(_("peserta dari LKPP"))
    attendees_applicant = models.TextField(_("peserta dari pemohon"))
    problem = models.TextField(_("permasalahan"))
    discussion = models.TextField(_("pembahasan"))
    kinds = models.JSONField(_("jenis jawaban"), validators=[validate_answer_kinds])
    advice = models.TextField(_("saran, pendapat, rekomendasi dan/atau tindakan koreksi"))
    follow_ups = models.TextField(_("tindak lanjut"), blank=True)
    written_at = models.DateTimeField(_("disusun pada"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("disetujui oleh"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("disetujui pada"), null=True, blank=True)
    pdf = models.FileField(_("berkas PDF"), upload_to=RandomName("reports"), max_length=200, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("laporan rapat")
        verbose_name_plural = _("laporan rapat")
        constraints = [
            models.CheckConstraint(
                name="report_pdf_once_approved",
                condition=Q(approved_at__isnull=True, pdf="") | Q(approved_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.consultation_id} {self.held_on}"

    @property
    def kind_labels(self) -> list[str]:
        return AnswerKind.labels_of(self.kinds)

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None
