"""The walk-in channel's records (SK 234/2024, channel 2: Tatap Muka).

- :class:`VisitForm` — the consultation form a guest fills in the portal before coming
  (no account needed), found at the desk by its short code; it starts no clock and
  expires unused after 30 days. Its files wait in :class:`VisitFormFile`.
- :class:`WalkIn` — the visit, one per walk-in case: the checklist, the identity
  document's type and only the last four characters of its number (UU PDP data
  minimisation), who registered it and when (the clock's start), who accepted the
  guest, whether the consultation needs more time, and why it was registered outside
  the desk's hours.
- :class:`GuestHandoff` — the guest handed to a staff member, or passed on with a reason.
- :class:`DeskHours`, :class:`WalkInAuthorization`, :class:`DutyDay` — what the admin
  keeps: the desk's opening hours per weekday, who may receive guests for which type
  of service (problem category), and who is on duty which day.
"""

from __future__ import annotations

from datetime import time

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import IdentityDocumentType, InstitutionType
from core.records import AppendOnlyModel
from files.storage import RandomName

from .category import Category
from .consultation import Consultation


class VisitForm(models.Model):
    code = models.CharField(_("kode kunjungan"), max_length=12, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("telepon"), max_length=30)
    institution_name = models.CharField(_("nama instansi/badan usaha"), max_length=200)
    institution_type = models.CharField(_("jenis instansi"), max_length=20, choices=InstitutionType.choices)
    category = models.ForeignKey(Category, verbose_name=_("kategori permasalahan"), on_delete=models.PROTECT, related_name="+")
    question = models.TextField(_("pertanyaan"))
    language = models.CharField(_("bahasa"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)
    created_at = models.DateTimeField(_("diisi pada"))
    expires_at = models.DateTimeField(_("berlaku sampai"))
    # Set once, by the registration that used it (a conditional update: never twice).
    used_at = models.DateTimeField(_("dipakai pada"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("formulir tatap muka")
        verbose_name_plural = _("formulir tatap muka")
        indexes = [
            models.Index(fields=["email"], name="visitform_email_idx"),
            models.Index(fields=["expires_at"], name="visitform_unused_idx", condition=Q(used_at__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"


class VisitFormFile(models.Model):
    form = models.ForeignKey(VisitForm, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("berkas"), upload_to=RandomName("visits"), max_length=200)
    original_name = models.CharField(_("nama berkas"), max_length=255)
    size = models.PositiveBigIntegerField(_("ukuran (bita)"))
    content_type = models.CharField(_("jenis isi"), max_length=100)

    class Meta:
        verbose_name = _("berkas formulir tatap muka")
        verbose_name_plural = _("berkas formulir tatap muka")

    def __str__(self) -> str:
        return self.original_name


class WalkIn(models.Model):
    consultation = models.OneToOneField(Consultation, on_delete=models.PROTECT, primary_key=True, related_name="walk_in")
    form = models.OneToOneField(
        VisitForm, verbose_name=_("formulir"), on_delete=models.PROTECT, null=True, blank=True, related_name="walk_in"
    )
    checklist = models.JSONField(_("daftar periksa"), default=dict, encoder=DjangoJSONEncoder)
    id_document_type = models.CharField(_("jenis tanda pengenal"), max_length=20, choices=IdentityDocumentType.choices)
    # Never more than the last four characters (UU PDP: only what identifies the visit).
    id_number_last4 = models.CharField(_("4 karakter terakhir nomor tanda pengenal"), max_length=4)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("didaftarkan oleh"), on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(_("didaftarkan pada"))
    outside_hours_reason = models.CharField(_("alasan di luar jam layanan"), max_length=300, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diterima oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    accepted_at = models.DateTimeField(_("tamu diterima pada"), null=True, blank=True)
    # "1 jam/sesuai dengan permasalahan": the clock still judges it.
    more_time_reason = models.CharField(_("alasan memerlukan waktu lebih"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("kunjungan tatap muka")
        verbose_name_plural = _("kunjungan tatap muka")
        constraints = [
            models.CheckConstraint(
                name="walkin_id_number_is_at_most_four",
                condition=Q(id_number_last4__regex=r"^[A-Za-z0-9]{1,4}$"),
            ),
        ]

    def __str__(self) -> str:
        return str(self.consultation_id)


class GuestHandoff(AppendOnlyModel):
    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="handoffs")
    from_user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("dari"), on_delete=models.PROTECT, related_name="+")
    to_user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("kepada"), on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("alasan"), max_length=500, blank=True)
    at = models.DateTimeField(_("waktu"))

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("penyerahan tamu")
        verbose_name_plural = _("penyerahan tamu")

    def __str__(self) -> str:
        return f"{self.consultation_id}: {self.from_user_id} -> {self.to_user_id}"


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Senin")
    TUESDAY = 1, _("Selasa")
    WEDNESDAY = 2, _("Rabu")
    THURSDAY = 3, _("Kamis")
    FRIDAY = 4, _("Jumat")
    SATURDAY = 5, _("Sabtu")
    SUNDAY = 6, _("Minggu")


# The desk's hours when the admin has set none (SK 234/2024's office hours, WIB).
DEFAULT_DESK_HOURS = {
    Weekday.MONDAY: (time(8, 0), time(16, 0)),
    Weekday.TUESDAY: (time(8, 0), time(16, 0)),
    Weekday.WEDNESDAY: (time(8, 0), time(16, 0)),
    Weekday.THURSDAY: (time(8, 0), time(16, 0)),
    Weekday.FRIDAY: (time(8, 0), time(16, 30)),
}


class DeskHours(models.Model):
    """The front desk's opening hours on one weekday (WIB); a weekday without a row is
    closed once the admin has set any. Holidays of the calendar close the desk too."""

    weekday = models.PositiveSmallIntegerField(_("hari"), choices=Weekday.choices, unique=True)
    opens = models.TimeField(_("buka"))
    closes = models.TimeField(_("tutup"))

    class Meta:
        ordering = ["weekday"]
        verbose_name = _("jam layanan tatap muka")
        verbose_name_plural = _("jam layanan tatap muka")
        constraints = [models.CheckConstraint(name="deskhours_opens_before_closing", condition=Q(opens__lt=models.F("closes")))]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}-{self.closes:%H:%M}"


class WalkInAuthorization(models.Model):
    """Who may receive guests for a type of service (a problem category)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(Category, verbose_name=_("jenis layanan"), on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("kewenangan layanan tatap muka")
        verbose_name_plural = _("kewenangan layanan tatap muka")
        constraints = [models.UniqueConstraint(fields=["user", "category"], name="walkin_authorization_unique")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.category_id}"


class DutyDay(models.Model):
    """Who is on duty at the desk on a date (WIB)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="+")
    date = models.DateField(_("tanggal"))

    class Meta:
        ordering = ["-date"]
        verbose_name = _("jadwal piket tatap muka")
        verbose_name_plural = _("jadwal piket tatap muka")
        constraints = [models.UniqueConstraint(fields=["user", "date"], name="dutyday_unique")]

    def __str__(self) -> str:
        return f"{self.date}: {self.user_id}"
