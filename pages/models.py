"""The service standard's public content: editable by the admin, Indonesian first.

Every text comes in a pair, ``<field>`` (Bahasa Indonesia, required) and ``<field>_en``
(English, optional). Pages read the ``localized_<field>`` properties, which fall back to
Indonesian when the English text is empty, so a half-finished translation never shows
a blank section. Lists (procedure steps, addressees) are stored as text with one item
per line, because that is what an admin can edit in a plain textarea.

The rules of each channel (its requirements and its deadline) are not here: they live
once, in the channel registry (``consultations.channels``), which also drives the cases;
``pages.selectors`` puts the two together. The complaint phone extensions are not here
either: they belong to ``accounts.Directorate``.
"""

from __future__ import annotations

import re

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# Leading list markers an admin may type out of habit ("1.", "a)", "2)", "-", "•");
# the page numbers the items itself.
_LIST_MARKER = re.compile(r"^\s*(?:\d{1,2}[.)]|[a-z][.)]|[-•*–])\s+")


def localized(obj: models.Model, field: str) -> str:
    """The English text of ``field`` when English is active and it is filled in."""
    if get_language() == "en":
        english = getattr(obj, f"{field}_en", "")
        if english and english.strip():
            return english
    return getattr(obj, field)


def split_lines(text: str) -> list[str]:
    """One list item per non-empty line, without typed list markers."""
    items = []
    for line in text.splitlines():
        item = _LIST_MARKER.sub("", line).strip()
        if item:
            items.append(item)
    return items


def _localized_text(field: str) -> property:
    return property(lambda self: localized(self, field), doc=f"{field} in the active language")


def _localized_lines(field: str) -> property:
    return property(
        lambda self: split_lines(localized(self, field)),
        doc=f"{field} in the active language, one item per line",
    )


LINES_HELP = _("Satu butir per baris.")


class ServiceStandard(models.Model):
    """The standard as a whole: one row, created by a data migration."""

    service_name = models.CharField(_("nama layanan"), max_length=200)
    service_name_en = models.CharField(_("nama layanan (Inggris)"), max_length=200, blank=True)
    decree_number = models.CharField(
        _("nomor SK"), max_length=100, help_text=_("Contoh: 234 Tahun 2024.")
    )
    decree_number_en = models.CharField(_("nomor SK (Inggris)"), max_length=100, blank=True)
    cost = models.CharField(_("biaya/tarif"), max_length=200)
    cost_en = models.CharField(_("biaya/tarif (Inggris)"), max_length=200, blank=True)
    compensation = models.TextField(_("janji kompensasi"))
    compensation_en = models.TextField(_("janji kompensasi (Inggris)"), blank=True)
    complaint_follow_up = models.TextField(
        _("tindak lanjut pengaduan"),
        help_text=_("Jangka waktu tindak lanjut pengaduan, saran dan masukan."),
    )
    complaint_follow_up_en = models.TextField(_("tindak lanjut pengaduan (Inggris)"), blank=True)
    eoffice_url = models.URLField(_("alamat e-office"), max_length=300)
    eoffice_recipients = models.TextField(
        _("penerima surat di e-office"), help_text=LINES_HELP
    )
    eoffice_recipients_en = models.TextField(
        _("penerima surat di e-office (Inggris)"), blank=True, help_text=LINES_HELP
    )
    letter_addressees = models.TextField(_("tujuan surat pengaduan"), help_text=LINES_HELP)
    letter_addressees_en = models.TextField(
        _("tujuan surat pengaduan (Inggris)"), blank=True, help_text=LINES_HELP
    )
    # A postal address is written the same in every language, or the letter goes astray.
    postal_address = models.TextField(
        _("alamat pos"), help_text=_("Satu baris alamat per baris; tidak diterjemahkan.")
    )
    lapor_url = models.URLField(_("alamat SP4N-LAPOR!"), max_length=300)
    lapor_text = models.TextField(_("keterangan SP4N-LAPOR!"), help_text=_("Satu paragraf per baris."))
    lapor_text_en = models.TextField(_("keterangan SP4N-LAPOR! (Inggris)"), blank=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    localized_service_name = _localized_text("service_name")
    localized_decree_number = _localized_text("decree_number")
    localized_cost = _localized_text("cost")
    localized_compensation = _localized_text("compensation")
    localized_complaint_follow_up = _localized_text("complaint_follow_up")
    eoffice_recipient_items = _localized_lines("eoffice_recipients")
    letter_addressee_items = _localized_lines("letter_addressees")
    lapor_paragraphs = _localized_lines("lapor_text")

    class Meta:
        verbose_name = _("standar pelayanan")
        verbose_name_plural = _("standar pelayanan")
        constraints = [
            # The standard is one row; the database refuses a second one whatever the path.
            models.UniqueConstraint(
                models.Value(1),
                name="pages_single_service_standard",
                violation_error_message=_("Standar pelayanan hanya boleh ada satu."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service_name} (SK {self.decree_number})"

    @property
    def postal_address_lines(self) -> list[str]:
        return split_lines(self.postal_address)


class ChannelStandard(models.Model):
    """The admin-editable prose about one intake channel.

    ``code`` is the channel's key across the system (the consultations app's channel
    registry uses the same codes), so it is fixed by the data migration. The channel's
    requirements and deadline are the registry's, so the page and the cases cannot
    disagree.
    """

    code = models.SlugField(_("kode kanal"), max_length=30, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    name = models.CharField(_("nama kanal"), max_length=100)
    name_en = models.CharField(_("nama kanal (Inggris)"), max_length=100, blank=True)
    summary = models.CharField(
        _("ringkasan"), max_length=300, help_text=_("Satu kalimat untuk halaman beranda.")
    )
    summary_en = models.CharField(_("ringkasan (Inggris)"), max_length=300, blank=True)
    procedure = models.TextField(_("prosedur"), help_text=LINES_HELP)
    procedure_en = models.TextField(_("prosedur (Inggris)"), blank=True, help_text=LINES_HELP)
    output = models.TextField(_("produk layanan"))
    output_en = models.TextField(_("produk layanan (Inggris)"), blank=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    localized_name = _localized_text("name")
    localized_summary = _localized_text("summary")
    localized_output = _localized_text("output")
    procedure_items = _localized_lines("procedure")

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("standar kanal layanan")
        verbose_name_plural = _("standar kanal layanan")

    def __str__(self) -> str:
        return self.name
