"""The dashboard's monthly rollup of cases (``consultations/rollup.py`` writes it,
``consultations/reports.py`` reads it; docs/decisions/consultations-sla-dashboard.md).

Per WIB month, directorate and channel: the cases received (by ``submitted_at``),
completed with their verdict (by ``completed_at``), closed without output and so without
a verdict (``cancelled``, by ``completed_at``: a meeting called off for good, neither
on time nor late) and breached (by ``breached_at``, or the completion of a clock that
stopped late before breaches were recorded); and, per
number of working days a completion took, how many cases took it: a histogram, from
which the median of any combination of cells is exact.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Directorate

from ..channels import Channel


class CaseMonth(models.Model):
    period = models.DateField(_("bulan"))  # the first day of the month (WIB)
    directorate = models.ForeignKey(Directorate, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(_("saluran"), max_length=20, choices=Channel.choices)
    received = models.PositiveIntegerField(_("diterima"), default=0)
    completed = models.PositiveIntegerField(_("selesai"), default=0)
    completed_on_time = models.PositiveIntegerField(_("selesai tepat waktu"), default=0)
    breached = models.PositiveIntegerField(_("terlambat"), default=0)
    cancelled = models.PositiveIntegerField(_("dibatalkan"), default=0)

    class Meta:
        verbose_name = _("rekap bulanan konsultasi")
        verbose_name_plural = _("rekap bulanan konsultasi")
        constraints = [
            models.UniqueConstraint(fields=["period", "directorate", "channel"], name="casemonth_cell_unique"),
        ]


class CompletionDaysMonth(models.Model):
    """``cases`` completions in the cell took ``working_days`` working days."""

    period = models.DateField(_("bulan"))
    directorate = models.ForeignKey(Directorate, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(_("saluran"), max_length=20, choices=Channel.choices)
    working_days = models.PositiveSmallIntegerField(_("hari kerja"))
    cases = models.PositiveIntegerField(_("jumlah"))

    class Meta:
        verbose_name = _("sebaran hari kerja penyelesaian")
        verbose_name_plural = _("sebaran hari kerja penyelesaian")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "directorate", "channel", "working_days"], name="completiondays_cell_unique"
            ),
        ]


class RollupRun(models.Model):
    """One row (pk 1): when the rollup was last rebuilt; refreshes lock it, so two never
    rebuild at once."""

    refreshed_at = models.DateTimeField(_("diperbarui pada"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("lama (ms)"), default=0)
    # Bumped by every refresh: the pages' cache keys (``views.dashboard``) name it.
    runs = models.PositiveIntegerField(_("jumlah pembaruan"), default=0)

    class Meta:
        verbose_name = _("pembaruan rekap")
        verbose_name_plural = _("pembaruan rekap")
