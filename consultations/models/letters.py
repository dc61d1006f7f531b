"""The letter channel's records (SK 234/2024, channel 1), beside the case they belong to.

- :class:`IncomingLetter` — the letter itself, one per letter case: to whom it is
  addressed, who sent it (a person, or an institution or legal entity), its own number
  and date, its scan, how and by whom it came in, the secretariat's checklist, the
  Director's receipt (which starts the clock) and the tracking token of a sender
  without an account. The online-meeting channel's invitations use the same desk.
- :class:`Disposition` — the Director's "lembar disposisi": to whom, the ticks, the
  written instructions, an internal target date, the urgency and the classification;
  a team lead may dispose further.
- :class:`AgendaCounter` — the agenda number a letter gets at the Director's receipt,
  per directorate and year.
- :class:`AnswerDraft` and :class:`DraftReview` — every version of the answer and every
  verdict on it; nothing approved is edited in place. The Director's approval says the
  letter's "Sifat" and its copies ("Tembusan").
- :class:`AnswerLetter` and :class:`OutgoingCounter` — the issued, numbered answer letter
  (the PDF and its SHA-256, stored once) and the yearly outgoing-number sequence.

Dispositions, drafts, reviews and answer letters are append-only (``core.records``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.records import AppendOnlyModel
from files.storage import random_name

from .consultation import Consultation
from .records import AnswerKind, Attachment, validate_answer_kinds


def letter_pdf_upload_to(instance: AnswerLetter | None, filename: str) -> str:
    """A random name under ``letters/``; a module function because migrations name it."""
    return random_name("letters")


class Addressee(models.TextChoices):
    """To whom a letter may be addressed (SK 234/2024): the Head and the Deputy route
    through the secretariat to one directorate; a Director's letter goes to theirs."""

    KEPALA = "kepala", _("Kepala LKPP")
    DEPUTI = "deputi", _("Deputi Bidang Hukum dan Penyelesaian Sanggah")
    DIREKTUR_PUSAT = "direktur_pusat", _("Direktur Advokasi Pemerintah Pusat")
    DIREKTUR_DAERAH = "direktur_daerah", _("Direktur Advokasi Pemerintah Daerah")
    DIREKTUR_HUKUM = "direktur_hukum", _("Direktur Penanganan Permasalahan Hukum")


# The directorate (``Directorate.code``) a Director's letter goes to; the Head's and the
# Deputy's letters are routed by the secretariat.
ADDRESSEE_DIRECTORATE = {
    Addressee.DIREKTUR_PUSAT: "pusat",
    Addressee.DIREKTUR_DAERAH: "daerah",
    Addressee.DIREKTUR_HUKUM: "hukum",
}


class SenderKind(models.TextChoices):
    PERSON = "person", _("Perorangan")
    INSTITUTION = "institution", _("Instansi atau badan hukum")


class LetterSource(models.TextChoices):
    """How the letter came in."""

    PAPER = "paper", _("Surat fisik (diantar atau dikirim pos)")
    EOFFICE = "eoffice", _("E-office LKPP")
    PORTAL = "portal", _("Diunggah pemohon di portal E-Advokasi")


class IncomingLetter(models.Model):
    consultation = models.OneToOneField(
        Consultation, on_delete=models.PROTECT, primary_key=True, related_name="letter"
    )
    source = models.CharField(_("masuk melalui"), max_length=10, choices=LetterSource.choices)
    addressee = models.CharField(_("ditujukan kepada"), max_length=20, choices=Addressee.choices)
    sender_kind = models.CharField(_("jenis pengirim"), max_length=12, choices=SenderKind.choices)
    letter_number = models.CharField(_("nomor surat"), max_length=100)
    letter_date = models.DateField(_("tanggal surat"))
    eoffice_reference = models.CharField(_("nomor agenda e-office"), max_length=100, blank=True)
    scan = models.OneToOneField(
        Attachment, verbose_name=_("pindaian surat"), on_delete=models.PROTECT, related_name="letter_scan_of"
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("didaftarkan oleh"), on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(_("didaftarkan pada"))

    # The secretariat's check of the channel's checklist (``ChannelSpec.requirements``):
    # ``{key: bool}`` for every item that applies to the sender's kind.
    checklist = models.JSONField(_("daftar periksa"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diperiksa oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("diperiksa pada"), null=True, blank=True)

    # The Director's receipt: the clock's start (``Consultation.clock_started_at`` too).
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diterima oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    received_at = models.DateTimeField(_("diterima Direktur pada"), null=True, blank=True)
    # The agenda number, given at the Director's receipt: per directorate and year, from
    # ``AgendaCounter`` (``agenda_number`` as printed on the disposition sheet).
    agenda_number = models.CharField(_("nomor agenda"), max_length=40, blank=True)
    agenda_directorate = models.ForeignKey(
        "accounts.Directorate", verbose_name=_("direktorat agenda"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    agenda_year = models.PositiveSmallIntegerField(_("tahun agenda"), null=True, blank=True)
    agenda_sequence = models.PositiveIntegerField(_("nomor urut agenda"), null=True, blank=True)

    # A sender without an account follows the case by a link with a random token; only
    # its SHA-256 is stored, so the database alone opens nothing.
    tracking_digest = models.CharField(_("sidik token pelacakan"), max_length=64, blank=True, db_index=True)

    class Meta:
        verbose_name = _("surat masuk")
        verbose_name_plural = _("surat masuk")
        constraints = [
            models.CheckConstraint(
                name="letter_received_after_check",
                condition=Q(received_at__isnull=True) | Q(checked_at__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["agenda_directorate", "agenda_year", "agenda_sequence"], name="letter_agenda_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.letter_number} ({self.consultation_id})"

    @property
    def is_checked(self) -> bool:
        return self.checked_at is not None

    @property
    def is_complete(self) -> bool:
        return self.is_checked and bool(self.checklist) and all(self.checklist.values())

    @property
    def is_received(self) -> bool:
        return self.received_at is not None


class DispositionTick(models.TextChoices):
    """The usual ticks of an Indonesian disposition sheet, in its order."""

    UNTUK_DIKETAHUI = "untuk_diketahui", _("Untuk diketahui")
    UNTUK_DITINDAKLANJUTI = "untuk_ditindaklanjuti", _("Untuk ditindaklanjuti")
    SIAPKAN_JAWABAN = "siapkan_jawaban", _("Siapkan jawaban")
    KOORDINASIKAN = "koordinasikan", _("Koordinasikan")
    HADIRI_WAKILI = "hadiri_wakili", _("Hadiri/wakili")
    ARSIP = "arsip", _("Arsip")


class Urgency(models.TextChoices):
    """How fast a letter must be handled (derajat kecepatan, Tata Naskah Dinas)."""

    BIASA = "biasa", pgettext_lazy("urgency", "Biasa")
    SEGERA = "segera", pgettext_lazy("urgency", "Segera")
    SANGAT_SEGERA = "sangat_segera", pgettext_lazy("urgency", "Sangat Segera")


class Classification(models.TextChoices):
    """Who may read a letter (klasifikasi keamanan, Tata Naskah Dinas)."""

    BIASA = "biasa", pgettext_lazy("classification", "Biasa")
    TERBATAS = "terbatas", pgettext_lazy("classification", "Terbatas")
    RAHASIA = "rahasia", pgettext_lazy("classification", "Rahasia")


class LetterNature(models.TextChoices):
    """An outgoing letter's "Sifat": its urgency or its classification."""

    BIASA = "biasa", pgettext_lazy("nature of a letter", "Biasa")
    SEGERA = "segera", pgettext_lazy("nature of a letter", "Segera")
    SANGAT_SEGERA = "sangat_segera", pgettext_lazy("nature of a letter", "Sangat Segera")
    TERBATAS = "terbatas", pgettext_lazy("nature of a letter", "Terbatas")
    RAHASIA = "rahasia", pgettext_lazy("nature of a letter", "Rahasia")


class AgendaCounter(models.Model):
    """The last agenda number of a directorate's year; locked by the receiving
    transaction, so numbers are gapless and never given twice."""

    directorate = models.ForeignKey("accounts.Directorate", verbose_name=_("direktorat"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("tahun"))
    last_number = models.PositiveIntegerField(_("nomor terakhir"), default=0)

    class Meta:
        verbose_name = _("penghitung nomor agenda")
        verbose_name_plural = _("penghitung nomor agenda")
        constraints = [models.UniqueConstraint(fields=["directorate", "year"], name="agenda_counter_unique")]

    def __str__(self) -> str:
        return f"{self.directorate_id} {self.year}: {self.last_number}"


class Disposition(AppendOnlyModel):
    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="dispositions")
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("dari"), on_delete=models.PROTECT, related_name="+"
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("kepada"), on_delete=models.PROTECT, related_name="+"
    )
    ticks = models.JSONField(_("tanda disposisi"), default=list, blank=True)
    instructions = models.TextField(_("instruksi"), blank=True)
    target_date = models.DateField(_("target internal"), null=True, blank=True)
    urgency = models.CharField(_("kecepatan"), max_length=16, choices=Urgency.choices, default=Urgency.BIASA)
    classification = models.CharField(
        _("klasifikasi"), max_length=16, choices=Classification.choices, default=Classification.BIASA
    )
    at = models.DateTimeField(_("waktu"))

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("disposisi")
        verbose_name_plural = _("disposisi")

    def __str__(self) -> str:
        return f"{self.consultation_id}: {self.from_user_id} -> {self.to_user_id}"

    @property
    def tick_labels(self) -> list[str]:
        return [str(DispositionTick(tick).label) for tick in DispositionTick.values if tick in self.ticks]


class AnswerDraft(AppendOnlyModel):
    """One version of a letter's answer; a change is a new version."""

    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="drafts")
    version = models.PositiveSmallIntegerField(_("versi"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("penyusun"), on_delete=models.PROTECT, related_name="+")
    kinds = models.JSONField(_("jenis jawaban"), validators=[validate_answer_kinds])
    body = models.TextField(_("isi jawaban"))
    created_at = models.DateTimeField(_("disusun pada"))

    class Meta:
        ordering = ["version"]
        verbose_name = _("konsep jawaban")
        verbose_name_plural = _("konsep jawaban")
        constraints = [
            models.UniqueConstraint(fields=["consultation", "version"], name="draft_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.consultation_id} v{self.version}"

    @property
    def kind_labels(self) -> list[str]:
        return AnswerKind.labels_of(self.kinds)


class ReviewStage(models.TextChoices):
    TEAM_LEAD = "team_lead", _("Ketua Tim Kerja")
    DIRECTOR = "director", _("Direktur")


class ReviewDecision(models.TextChoices):
    APPROVE = "approve", _("Disetujui")
    RETURN = "return", _("Dikembalikan untuk diperbaiki")


class DraftReview(AppendOnlyModel):
    draft = models.ForeignKey(AnswerDraft, on_delete=models.PROTECT, related_name="reviews")
    stage = models.CharField(_("tahap"), max_length=10, choices=ReviewStage.choices)
    decision = models.CharField(_("keputusan"), max_length=10, choices=ReviewDecision.choices)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("penelaah"), on_delete=models.PROTECT, related_name="+")
    notes = models.TextField(_("catatan"), blank=True)
    # The Director's approval only: the letter's "Sifat" and its copies, one per entry.
    nature = models.CharField(_("sifat surat"), max_length=16, choices=LetterNature.choices, blank=True)
    copies = models.JSONField(_("tembusan"), default=list, blank=True)
    at = models.DateTimeField(_("waktu"))

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("telaah konsep")
        verbose_name_plural = _("telaah konsep")
        constraints = [
            # One verdict per stage and version: a second click changes nothing.
            models.UniqueConstraint(fields=["draft", "stage"], name="review_once_per_stage"),
        ]

    def __str__(self) -> str:
        return f"{self.draft} {self.stage}: {self.decision}"


class OutgoingCounter(models.Model):
    """The last outgoing letter number of a year; locked by the issuing transaction, so
    numbers are gapless (a failed issue gives its number back)."""

    year = models.PositiveSmallIntegerField(_("tahun"), primary_key=True)
    last_number = models.PositiveIntegerField(_("nomor terakhir"), default=0)

    class Meta:
        verbose_name = _("penghitung nomor surat keluar")
        verbose_name_plural = _("penghitung nomor surat keluar")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class LetterSettings(models.Model):
    """What the admin sets for outgoing letters: one row (pk 1)."""

    DEFAULT_FORMAT = "B-{seq:04d}/{code}/{month:02d}/{year}"

    number_format = models.CharField(
        _("format nomor surat keluar"),
        max_length=100,
        default=DEFAULT_FORMAT,
        help_text=_(
            "Bagian yang diisi: {seq} nomor urut tahunan (mis. {seq:04d}), {code} kode direktorat, "
            "{month} bulan, {year} tahun."
        ),
    )

    class Meta:
        verbose_name = _("pengaturan surat keluar")
        verbose_name_plural = _("pengaturan surat keluar")

    def __str__(self) -> str:
        return self.number_format

    def format_number(self, *, seq: int, code: str, month: int, year: int) -> str:
        return self.number_format.format(seq=seq, code=code, month=month, year=year)

    def clean(self) -> None:
        """A format the issuing step can fill, naming the sequence (numbers must differ)."""
        if "{seq" not in self.number_format:
            raise ValidationError({"number_format": _("Format harus memuat {seq}, nomor urut tahunan.")})
        try:
            sample = self.format_number(seq=1, code="D.3", month=11, year=2026)
        except (KeyError, IndexError, ValueError, AttributeError) as exc:
            raise ValidationError(
                {"number_format": _("Format tidak dapat dipakai (%(error)s). Gunakan hanya {seq}, {code}, {month}, {year}.")
                 % {"error": exc}}
            ) from None
        if len(sample) > AnswerLetter._meta.get_field("number").max_length:
            raise ValidationError({"number_format": _("Nomor yang dihasilkan terlalu panjang.")})


class AnswerLetter(AppendOnlyModel):
    """The issued answer letter: numbered, rendered once, stored with its digest."""

    consultation = models.OneToOneField(Consultation, on_delete=models.PROTECT, related_name="answer_letter")
    draft = models.OneToOneField(AnswerDraft, on_delete=models.PROTECT, related_name="letter")
    number = models.CharField(_("nomor surat"), max_length=100, unique=True)
    year = models.PositiveSmallIntegerField(_("tahun"))
    sequence = models.PositiveIntegerField(_("nomor urut"))
    pdf = models.FileField(_("berkas PDF"), upload_to=letter_pdf_upload_to, max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("ukuran (bita)"))
    verification_code = models.CharField(_("kode verifikasi"), max_length=32, unique=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("ditandatangani oleh"), on_delete=models.PROTECT, related_name="+"
    )
    # As printed on the letter, whatever the account says later.
    signer_name = models.CharField(_("nama penanda tangan"), max_length=200)
    signer_position = models.CharField(_("jabatan penanda tangan"), max_length=200)
    language = models.CharField(_("bahasa"), max_length=8, choices=settings.LANGUAGES)
    issued_at = models.DateTimeField(_("diterbitkan pada"))

    class Meta:
        verbose_name = _("surat jawaban")
        verbose_name_plural = _("surat jawaban")
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="answer_letter_sequence_unique"),
        ]

    def __str__(self) -> str:
        return self.number
