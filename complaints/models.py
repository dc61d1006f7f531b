"""The complaints desk's records (SK 234/2024: "pengaduan, saran dan masukan" are
followed up within 5 working days).

- :class:`Complaint` — one complaint, objection, suggestion or input, however it came
  in (the web form, a phone call, the e-office, a letter, SP4N-LAPOR!), routed to one
  directorate, on the shared deadline model (``core.deadlines``): the clock starts at
  receipt and stops with the follow-up. The complainant may stay anonymous: then the
  tracking code, of which only a digest is kept, is the only way back.
- :class:`ComplaintEvent` — every step, append-only, with the actor.
- :class:`ComplaintMessage` — the handler's questions to the complainant and the
  complainant's replies, through the tracking page; append-only.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.deadlines import DeadlineModel, DeadlineQuerySet, deadline_constraints, deadline_indexes
from core.records import AppendOnlyModel
from files.storage import RandomName
from workdays.deadlines import add_working_days

FOLLOW_UP_WORKING_DAYS = 5


class Kind(models.TextChoices):
    PENGADUAN = "pengaduan", _("Pengaduan")
    KEBERATAN = "keberatan", _("Keberatan")
    SARAN = "saran", pgettext_lazy("jenis pengaduan", "Saran")
    MASUKAN = "masukan", _("Masukan")


class Channel(models.TextChoices):
    """How it came in: the web form is the complainant's own; the rest staff log."""

    WEB = "web", _("Formulir web E-Advokasi")
    PHONE = "phone", _("Telepon")
    EOFFICE = "eoffice", _("E-office LKPP")
    LETTER = "letter", _("Surat")
    LAPOR = "lapor", _("SP4N-LAPOR!")


class Status(models.TextChoices):
    RECEIVED = "received", _("Diterima")
    IN_PROGRESS = "in_progress", _("Sedang ditindaklanjuti")
    WAITING = "waiting", _("Menunggu keterangan pelapor")
    CLOSED = "closed", _("Selesai ditindaklanjuti")


# The steps each status allows (``services``: one function per step checks it).
# Re-routing sends an open complaint back to "received" in the other directorate.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.RECEIVED: frozenset({Status.RECEIVED, Status.IN_PROGRESS, Status.CLOSED}),
    Status.IN_PROGRESS: frozenset({Status.RECEIVED, Status.WAITING, Status.CLOSED}),
    Status.WAITING: frozenset({Status.RECEIVED, Status.IN_PROGRESS, Status.CLOSED}),
    Status.CLOSED: frozenset(),
}

# The directorates' complaint extensions, as SK 234/2024 lists them: (021) 29912450 ext ….
EXTENSIONS = {"0305": "pusat", "0308": "daerah", "0311": "hukum"}


class ComplaintQuerySet(DeadlineQuerySet):
    def open(self):
        return self.exclude(status=Status.CLOSED)


class Complaint(DeadlineModel):
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices)
    channel = models.CharField(_("masuk melalui"), max_length=10, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED)
    directorate = models.ForeignKey(
        "accounts.Directorate", verbose_name=_("direktorat"), on_delete=models.PROTECT, related_name="complaints",
        db_index=False,  # complaint_queue_idx starts with it
    )
    text = models.TextField(_("uraian"))
    # The consultation it is about, if any: the complainant's own (checked at intake).
    consultation = models.ForeignKey(
        "consultations.Consultation", verbose_name=_("konsultasi terkait"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    # Who complains: a signed-in applicant, or whatever contact the complainant gave
    # (all optional: a complaint may be anonymous).
    complainant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("akun pelapor"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="complaints",
    )
    name = models.CharField(_("nama pelapor"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail pelapor"), blank=True)
    phone = models.CharField(_("telepon pelapor"), max_length=40, blank=True)
    language = models.CharField(_("bahasa"), max_length=8, choices=settings.LANGUAGES, default="id")
    # The channel's own reference: the extension called, the e-office or LAPOR! number.
    extension = models.CharField(_("ekstensi telepon"), max_length=4, blank=True)
    eoffice_reference = models.CharField(_("nomor e-office"), max_length=100, blank=True)
    lapor_number = models.CharField(_("nomor pelacakan LAPOR!"), max_length=20, blank=True)
    scan = models.FileField(_("pindaian surat"), upload_to=RandomName("complaints"), max_length=200, blank=True)
    scan_name = models.CharField(_("nama berkas"), max_length=255, blank=True)

    received_at = models.DateTimeField(_("diterima pada"))
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("dicatat oleh"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    # Unique by complaint_tracking_digest_unique (Meta): unique=True would add an index
    # for LIKE 'prefix%' to every write, and nothing searches a digest by prefix.
    tracking_digest = models.CharField(_("sidik kode pelacakan"), max_length=64)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("pengelola"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    follow_up = models.TextField(_("tindak lanjut"), blank=True)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    updated_at = models.DateTimeField(_("diubah"), default=timezone.now)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("pengaduan")
        verbose_name_plural = _("pengaduan")
        indexes = [
            models.Index(fields=["directorate", "status", "due_at"], name="complaint_queue_idx"),
            models.Index(fields=["received_at"], name="complaint_received_idx"),
            # The desk's default view and its summary (issue 26): the open complaints of a
            # directorate soonest due first, and the columns the summary counts by, so
            # both read this index alone and never the closed ones.
            models.Index(
                fields=["directorate", "due_at", "id", "completed_at", "completed_on_time"],
                condition=~Q(status="closed"), name="complaint_open_idx",
            ),
            *deadline_indexes("complaint"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["tracking_digest"], name="complaint_tracking_digest_unique"),
            *deadline_constraints("complaint"),
            models.CheckConstraint(
                name="complaint_lapor_has_number", condition=~Q(channel="lapor") | ~Q(lapor_number="")
            ),
            models.CheckConstraint(
                name="complaint_closed_has_follow_up", condition=~Q(status="closed") | ~Q(follow_up="")
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        """The reference staff and the complainant quote: ``ADU-2026-00042``. Not a way
        in: the public page opens by tracking code only."""
        year = timezone.localtime(self.received_at).year if self.received_at else timezone.localdate().year
        return f"ADU-{year}-{self.pk or 0:05d}"

    @property
    def deadline_rule_label(self) -> str:
        return _("Ditindaklanjuti paling lama %(days)d hari kerja setelah diterima") % {"days": FOLLOW_UP_WORKING_DAYS}

    @property
    def is_closed(self) -> bool:
        return self.status == Status.CLOSED

    @property
    def is_anonymous(self) -> bool:
        return self.complainant_id is None and not (self.name or self.email or self.phone)

    def can_move_to(self, status: str) -> bool:
        return status in TRANSITIONS[self.status]


class EventType(models.TextChoices):
    FILED = "filed", _("Diterima")
    TAKEN = "taken", _("Diambil pengelola")
    REROUTED = "rerouted", _("Dialihkan ke direktorat lain")
    ASKED = "asked", _("Keterangan diminta dari pelapor")
    REPLIED = "replied", _("Pelapor memberi keterangan")
    CLOSED = "closed", _("Tindak lanjut disampaikan")
    AT_RISK = "at_risk", _("Batas waktu tinggal satu hari kerja")
    BREACHED = "breached", _("Batas waktu terlewati")
    RECOMPUTED = "recomputed", _("Batas waktu dihitung ulang")


class ComplaintEvent(AppendOnlyModel):
    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="events")
    type = models.CharField(_("jenis"), max_length=12, choices=EventType.choices)
    # Indexed where set (complaint_event_actor_idx): the sweep's events have no actor.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("oleh"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", db_index=False,
    )
    at = models.DateTimeField(_("waktu"))
    data = models.JSONField(_("rincian"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("peristiwa pengaduan")
        verbose_name_plural = _("peristiwa pengaduan")
        indexes = [models.Index(fields=["actor"], name="complaint_event_actor_idx", condition=Q(actor__isnull=False))]


class Author(models.TextChoices):
    HANDLER = "handler", _("Pengelola Pengaduan")
    COMPLAINANT = "complainant", _("Pelapor")


class ComplaintMessage(AppendOnlyModel):
    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="messages")
    author = models.CharField(_("dari"), max_length=12, choices=Author.choices)
    # The staff member who asked; a complainant's reply has no account behind it.
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    text = models.TextField(_("pesan"))
    at = models.DateTimeField(_("waktu"))

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("pesan pengaduan")
        verbose_name_plural = _("pesan pengaduan")


def follow_up_due(received: datetime) -> datetime:
    """End of the 5th working day after receipt (WIB), on the holiday calendar."""
    return add_working_days(received, FOLLOW_UP_WORKING_DAYS)
