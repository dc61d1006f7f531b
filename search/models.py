"""The staff search's one table: one row per consultation and per complaint (ADR 0013,
"Staff search").

Nobody writes these rows from Python: database triggers on the source tables (the case,
its messages, answers, drafts, letter, meeting report; the complaint and its messages)
rebuild a case's row in the same statement that changed its text, so a search sees a
change as soon as its transaction commits (:mod:`search.index`). The columns the filters
read (channel, status, directorate, category, year) are copied with the text.

The full-text index is not a field here: PostgreSQL keeps a generated ``tsvector``
column (``vector``) with a GIN index, SQLite an FTS5 table ``search_entry_fts`` kept by
triggers on this table; only :mod:`search.index` and :mod:`search.selectors` name them.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    CONSULTATION = "consultation", _("Konsultasi")
    COMPLAINT = "complaint", _("Pengaduan")


class Entry(models.Model):
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices)
    # The source rows, without database constraints: the triggers delete a row with its
    # source, and a constraint would only order the deletes of a test's teardown.
    consultation = models.OneToOneField(
        "consultations.Consultation", on_delete=models.DO_NOTHING, db_constraint=False, null=True,
        related_name="+",
    )
    complaint = models.OneToOneField(
        "complaints.Complaint", on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+",
    )
    channel = models.CharField(_("saluran"), max_length=20)
    status = models.CharField(_("status"), max_length=20)
    # No index of its own: every search starts from the text's GIN index, and an index
    # here tempted the planner to intersect it with a third of the table (bench/README.md).
    directorate = models.ForeignKey(
        "accounts.Directorate", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, null=True,
        related_name="+",
    )
    category = models.ForeignKey(
        "consultations.Category", on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    # Weights A, B, C: the subject; the question (or the complaint's text); everything
    # else said on the case (messages, answers, drafts, letter number, meeting report).
    title = models.TextField(default="")
    body = models.TextField(default="")
    extra = models.TextField(default="")

    class Meta:
        verbose_name = _("entri pencarian")
        verbose_name_plural = _("entri pencarian")

    def __str__(self) -> str:
        return f"{self.kind} {self.consultation_id or self.complaint_id}"
