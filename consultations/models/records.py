"""What happens on a case: attachments, answers, messages, internal notes, events.

Answers, messages, notes and events are append-only (``core.records``): the ORM refuses
to update or delete them (``save()`` of an existing row, ``delete()``,
``QuerySet.update()``/``delete()``).
That is an invariant of the audit trail, not workflow: a corrected answer is a new
answer that ``corrects`` the old one. The consultation foreign keys are PROTECT so a
case with history cannot be deleted either.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.records import AppendOnlyModel, AppendOnlyQuerySet
from files.storage import random_name

from .consultation import Consultation


def attachment_upload_to(instance: Attachment | None, filename: str) -> str:
    """A random name under ``consultations/`` (``files.storage.random_name``). Kept as a
    function of this module: migrations name it."""
    return random_name("consultations")


class AnswerKind(models.TextChoices):
    SARAN = "saran", _("Saran")
    PENDAPAT = "pendapat", _("Pendapat")
    REKOMENDASI = "rekomendasi", _("Rekomendasi")
    TINDAKAN_KOREKSI = "tindakan_koreksi", _("Tindakan Koreksi")

    @classmethod
    def unknown(cls, kinds) -> list:
        """The values among ``kinds`` that are no kind: the one check every caller uses."""
        return [kind for kind in kinds if kind not in cls.values]

    @classmethod
    def validate(cls, kinds) -> bool:
        return not cls.unknown(kinds)

    @classmethod
    def in_order(cls, kinds) -> list[str]:
        """``kinds`` in the standard's order (saran, pendapat, rekomendasi, tindakan koreksi)."""
        chosen = set(kinds)
        return [kind for kind in cls.values if kind in chosen]

    @classmethod
    def labels_of(cls, kinds) -> list[str]:
        """The labels of the known ``kinds``, as they were chosen (unknown ones skipped)."""
        return [str(cls(kind).label) for kind in kinds if kind in cls.values]


def validate_answer_kinds(value) -> None:
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Pilih paling sedikit satu jenis jawaban."), code="kinds_required")
    unknown = AnswerKind.unknown(value)
    if unknown:
        raise ValidationError(
            _("Jenis jawaban tidak dikenal: %(kinds)s."), code="kinds_unknown", params={"kinds": ", ".join(map(str, unknown))}
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("Setiap jenis jawaban cukup dipilih sekali."), code="kinds_duplicate")


class Answer(AppendOnlyModel):
    """The channel's output for the website: one or more kinds with a text. Sent when
    written (there are no drafts); immutable afterwards."""

    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="answers")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("penjawab"), on_delete=models.PROTECT, related_name="+")
    kinds = models.JSONField(_("jenis jawaban"), validators=[validate_answer_kinds])
    text = models.TextField(_("isi jawaban"))
    sent_at = models.DateTimeField(_("dikirim pada"))
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("mengoreksi jawaban"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
    )

    class Meta:
        ordering = ["sent_at", "id"]
        verbose_name = _("jawaban")
        verbose_name_plural = _("jawaban")

    def __str__(self) -> str:
        return f"{self.consultation_id}: {', '.join(self.kinds)}"

    @property
    def is_correction(self) -> bool:
        return self.corrects_id is not None

    @property
    def kind_labels(self) -> list[str]:
        return AnswerKind.labels_of(self.kinds)


class Message(AppendOnlyModel):
    """Clarification between staff and applicant; the applicant sees every message."""

    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("pengirim"), on_delete=models.PROTECT, related_name="+")
    # Kept on the row: the thread shows sides without looking the author's role up.
    from_applicant = models.BooleanField(_("dari pemohon"))
    body = models.TextField(_("pesan"))
    created_at = models.DateTimeField(_("dikirim pada"))

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("pesan")
        verbose_name_plural = _("pesan")

    def __str__(self) -> str:
        return f"{self.consultation_id} @ {self.created_at:%Y-%m-%d %H:%M}"


class InternalNote(AppendOnlyModel):
    """Staff only: never shown to applicants, never put in an e-mail."""

    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="internal_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("penulis"), on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("catatan"))
    created_at = models.DateTimeField(_("ditulis pada"))

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("catatan internal")
        verbose_name_plural = _("catatan internal")

    def __str__(self) -> str:
        return f"{self.consultation_id} @ {self.created_at:%Y-%m-%d %H:%M}"


class Attachment(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="attachments")
    answer = models.ForeignKey(Answer, on_delete=models.PROTECT, null=True, blank=True, related_name="attachments")
    message = models.ForeignKey(Message, on_delete=models.PROTECT, null=True, blank=True, related_name="attachments")
    # An enclosure of a letter's answer draft (``letters.AnswerDraft``): internal until
    # the letter is issued from that version, then sent with it.
    draft = models.ForeignKey(
        "consultations.AnswerDraft", on_delete=models.PROTECT, null=True, blank=True, related_name="attachments"
    )
    file = models.FileField(_("berkas"), upload_to=attachment_upload_to, max_length=200)
    original_name = models.CharField(_("nama berkas"), max_length=255)
    size = models.PositiveBigIntegerField(_("ukuran (bita)"))
    content_type = models.CharField(_("jenis isi"), max_length=100)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("diunggah oleh"), on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("diunggah pada"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("lampiran")
        verbose_name_plural = _("lampiran")
        constraints = [
            models.CheckConstraint(
                name="attachment_belongs_to_one_entry",
                condition=(
                    Q(answer__isnull=True, message__isnull=True)
                    | Q(answer__isnull=True, draft__isnull=True)
                    | Q(message__isnull=True, draft__isnull=True)
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.original_name


class EventType(models.TextChoices):
    SUBMITTED = "submitted", _("Konsultasi diajukan")
    ASSIGNED = "assigned", _("Petugas ditugaskan")
    CLAIMED = "claimed", _("Diambil untuk ditangani")
    REROUTED = "rerouted", _("Dialihkan ke direktorat lain")
    NOTE_ADDED = "note_added", _("Catatan internal ditambahkan")
    MESSAGE_POSTED = "message_posted", _("Pesan dikirim")
    ANSWER_SENT = "answer_sent", _("Jawaban dikirim")
    ANSWER_CORRECTED = "answer_corrected", _("Koreksi jawaban dikirim")
    DEADLINE_RECOMPUTED = "deadline_recomputed", _("Batas waktu dihitung ulang")
    DEADLINE_AT_RISK = "deadline_at_risk", _("Pengingat: batas waktu hampir habis")
    DEADLINE_BREACHED = "deadline_breached", _("Batas waktu terlampaui")
    LETTER_REGISTERED = "letter_registered", _("Surat didaftarkan")
    LETTER_CHECKED = "letter_checked", _("Kelengkapan surat diperiksa")
    LETTER_RETURNED = "letter_returned", _("Surat dikembalikan karena belum lengkap")
    LETTER_RECEIVED = "letter_received", _("Surat diterima Direktur")
    DISPOSED = "disposed", _("Disposisi")
    DRAFT_WRITTEN = "draft_written", _("Konsep jawaban disusun")
    DRAFT_REVIEWED = "draft_reviewed", _("Konsep jawaban ditelaah")
    ANSWER_LETTER_ISSUED = "answer_letter_issued", _("Surat jawaban diterbitkan")
    VISIT_REGISTERED = "visit_registered", _("Kunjungan tatap muka didaftarkan")
    GUEST_HANDED_OFF = "guest_handed_off", _("Tamu diserahkan kepada petugas")
    GUEST_ACCEPTED = "guest_accepted", _("Tamu diterima petugas")
    MORE_TIME_NEEDED = "more_time_needed", _("Konsultasi memerlukan waktu lebih")
    ADVICE_RECORDED = "advice_recorded", _("Saran dicatat")
    PIC_MESSAGE = "pic_message", _("Pesan dengan PIC")
    MEETING_CONFIRMED = "meeting_confirmed", _("Jadwal rapat dikonfirmasi")
    MEETING_RESCHEDULED = "meeting_rescheduled", _("Jadwal rapat diubah")
    MEETING_CANCELLED = "meeting_cancelled", _("Rapat dibatalkan")
    MEETING_CLOSED_CANCELLED = "meeting_closed_cancelled", _("Konsultasi ditutup: rapat dibatalkan")
    REPORT_WRITTEN = "report_written", _("Laporan rapat disusun")
    REPORT_APPROVED = "report_approved", _("Laporan rapat disetujui dan dikirim")
    ACCOUNT_LINKED = "account_linked", _("Ditautkan ke akun pemohon")


# Shown to staff only. Applicant timelines show the other types, by label and time;
# ``data`` may hold staff-only details (a re-route's reason) and is not for applicants.
INTERNAL_EVENT_TYPES = frozenset(
    {
        EventType.NOTE_ADDED,
        EventType.DEADLINE_AT_RISK,
        # The office's own work on a letter: the sender sees it received, then answered.
        EventType.LETTER_CHECKED,
        EventType.DISPOSED,
        EventType.DRAFT_WRITTEN,
        EventType.DRAFT_REVIEWED,
    }
)


class EventQuerySet(AppendOnlyQuerySet):
    def for_applicant(self) -> EventQuerySet:
        return self.exclude(type__in=[t.value for t in INTERNAL_EVENT_TYPES])


class Event(AppendOnlyModel):
    """The case history: who did what, when. Written by the service that did it, in
    the same transaction."""

    # Indexed by event_consultation_at_idx, which starts with it.
    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="events", db_index=False)
    # Indexed where set (event_actor_idx): most events are the system's (the sweep's
    # thousands), and a user's deletion asks only for the events that name them.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("pelaku"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", db_index=False,
    )
    type = models.CharField(_("jenis"), max_length=30, choices=EventType.choices)
    at = models.DateTimeField(_("waktu"))
    data = models.JSONField(_("rincian"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("riwayat")
        verbose_name_plural = _("riwayat")
        indexes = [
            models.Index(fields=["consultation", "at"], name="event_consultation_at_idx"),
            models.Index(fields=["actor"], name="event_actor_idx", condition=Q(actor__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.consultation_id} {self.type} @ {self.at:%Y-%m-%d %H:%M}"

    @classmethod
    def of_system(cls, consultation: Consultation, type: str, *, at, data: dict) -> Event:
        """An unsaved event with no actor (the deadline sweep's), ``consultation`` cached
        on it. By id: setting the relation through its descriptor asks the database
        router each time, which a sweep's thousands of events feel."""
        event = cls(consultation_id=consultation.pk, actor_id=None, type=type, at=at, data=data)
        cls.consultation.field.set_cached_value(event, consultation)
        return event
