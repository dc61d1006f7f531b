"""The holiday table: every day that is not a working day although it is Monday to Friday.

Weekends are never stored; they are always non-working (``workdays.deadlines``). The
table is filled from the ``holidays`` package by ``sync_holidays`` and corrected by the
admin, because the government moves national holidays and cuti bersama by decree.

A row the admin created or edited belongs to the admin from then on: the sync never
overwrites, re-activates or deactivates it (``Holiday.is_admin_owned``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class HolidayKind(models.TextChoices):
    LIBUR_NASIONAL = "libur_nasional", _("Libur nasional")
    CUTI_BERSAMA = "cuti_bersama", _("Cuti bersama")


class HolidaySource(models.TextChoices):
    PACKAGE = "package", _("Paket holidays (sinkronisasi otomatis)")
    ADMIN = "admin", _("Admin")


class HolidayQuerySet(models.QuerySet["Holiday"]):
    def active(self) -> HolidayQuerySet:
        return self.filter(is_active=True)

    def admin_owned(self) -> HolidayQuerySet:
        """Rows the sync must leave alone: added by the admin, or edited by one."""
        return self.filter(models.Q(source=HolidaySource.ADMIN) | models.Q(admin_edited_at__isnull=False))

    def sync_managed(self) -> HolidayQuerySet:
        """Rows the sync may update, deactivate and re-activate."""
        return self.filter(source=HolidaySource.PACKAGE, admin_edited_at__isnull=True)

    def in_years(self, from_year: int, to_year: int) -> HolidayQuerySet:
        return self.filter(date__year__gte=from_year, date__year__lte=to_year)


class Holiday(models.Model):
    date = models.DateField(
        _("tanggal"),
        unique=True,
        error_messages={
            "unique": _(
                "Tanggal ini sudah ada di kalender. Ubah hari yang sudah ada, atau aktifkan "
                "kembali bila dinonaktifkan."
            )
        },
    )
    name = models.CharField(_("nama"), max_length=200)
    name_en = models.CharField(_("nama (bahasa Inggris)"), max_length=200, blank=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=HolidayKind.choices)
    source = models.CharField(
        _("sumber"), max_length=10, choices=HolidaySource.choices, default=HolidaySource.ADMIN
    )
    is_active = models.BooleanField(
        _("aktif"),
        default=True,
        help_text=_("Hari yang dinonaktifkan dihitung sebagai hari kerja biasa."),
    )
    note = models.TextField(
        _("keterangan"),
        blank=True,
        help_text=_("Misalnya keputusan yang menetapkan atau memindahkan hari ini."),
    )
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui pada"), auto_now=True)
    # Set on the first change by an admin; from then on the sync leaves the row alone.
    admin_edited_at = models.DateTimeField(_("diubah admin pada"), null=True, blank=True)
    admin_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diubah oleh admin"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = HolidayQuerySet.as_manager()

    class Meta:
        verbose_name = _("hari libur")
        verbose_name_plural = _("hari libur")
        ordering = ["date"]
        indexes = [models.Index(fields=["is_active", "date"], name="workdays_holiday_active_date")]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.name}"

    @property
    def is_admin_owned(self) -> bool:
        return self.source == HolidaySource.ADMIN or self.admin_edited_at is not None
