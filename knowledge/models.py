"""The knowledge base's tables: published answers (``Article``) and the synonym
dictionary (``SynonymGroup``) the search analysis reads (ADR 0013).

The full-text index is not a field here: PostgreSQL keeps a generated ``tsvector``
column and SQLite an FTS5 table kept by triggers, both created by migration 0002 and
queried only by :mod:`knowledge.fts`. They are built from the ``search_*`` columns,
which :mod:`knowledge.services` writes with every change of an article.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from consultations.models import AnswerKind, Category, Consultation

TITLE_MAX = 200
QUESTION_MAX = 10_000
ANSWER_MAX = 50_000


class Status(models.TextChoices):
    DRAFT = "draft", _("Konsep")
    PROPOSED = "proposed", _("Diusulkan")
    PUBLISHED = "published", _("Terbit")
    WITHDRAWN = "withdrawn", _("Ditarik")


def validate_kinds(value) -> None:
    """Output kinds are optional on an article (imported Q&A has none), but known ones."""
    from django.core.exceptions import ValidationError

    if not isinstance(value, list) or AnswerKind.unknown(value):
        raise ValidationError(_("Jenis jawaban tidak dikenal."), code="kinds_unknown")


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)


class Article(models.Model):
    """A question and its answer, fit for the public once published (never the applicant)."""

    title = models.CharField(_("judul"), max_length=TITLE_MAX)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    question = models.TextField(_("pertanyaan"))
    answer = models.TextField(_("jawaban"))
    category = models.ForeignKey(Category, verbose_name=_("kategori"), on_delete=models.PROTECT, related_name="+")
    kinds = models.JSONField(_("jenis jawaban"), default=list, blank=True, validators=[validate_kinds])
    regulations = models.TextField(_("peraturan yang dirujuk"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    published_at = models.DateTimeField(_("diterbitkan pada"), null=True, blank=True)
    source_consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("konsultasi asal"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The editorial workflow (knowledge.publishing): who proposed, approved and withdrew
    # the article, and when; the redaction findings the editor kept on purpose
    # (``redaction.Flag.key`` values), without which approval is refused.
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("diusulkan oleh"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    proposed_at = models.DateTimeField(_("diusulkan pada"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("disetujui oleh"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    approved_at = models.DateTimeField(_("disetujui pada"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("ditarik oleh"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("ditarik pada"), null=True, blank=True)
    redaction_kept = models.JSONField(_("temuan penyamaran yang dipertahankan"), default=list, blank=True)
    # What import_articles recognises a line by (a digest of its title and question),
    # so that importing a file twice never makes two articles. Empty for other articles.
    import_key = models.CharField(_("kunci impor"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah pada"), auto_now=True)
    helpful = models.PositiveIntegerField(_("membantu"), default=0)
    not_helpful = models.PositiveIntegerField(_("tidak membantu"), default=0)
    # The analysed text the index is built from (knowledge.text.normalize), one column per
    # weight: title above question above answer. Written by services, never by hand.
    search_title = models.TextField(editable=False, default="")
    search_question = models.TextField(editable=False, default="")
    search_answer = models.TextField(editable=False, default="")

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("artikel pengetahuan")
        verbose_name_plural = _("artikel pengetahuan")
        constraints = [
            models.CheckConstraint(
                name="knowledge_published_article_has_date",
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
            ),
            models.UniqueConstraint(
                name="knowledge_unique_import_key",
                fields=["import_key"],
                condition=~models.Q(import_key=""),
            ),
            # One proposal or published article per case: a second "propose" (two tabs,
            # two colleagues) is refused by the database, not only by the service.
            models.UniqueConstraint(
                name="knowledge_one_live_article_per_case",
                fields=["source_consultation"],
                condition=models.Q(status__in=["proposed", "published"]),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED


class SynonymGroup(models.Model):
    """One line of the dictionary: the ``variants`` (comma-separated, one or more words
    each) all mean ``canonical`` (one word) for the search, in articles and queries."""

    canonical = models.CharField(_("bentuk baku"), max_length=60, unique=True)
    variants = models.TextField(_("varian"), help_text=_("Dipisahkan koma, mis.: lelang, pelelangan"))
    is_active = models.BooleanField(_("aktif"), default=True)
    updated_at = models.DateTimeField(_("diubah pada"), auto_now=True)

    class Meta:
        ordering = ["canonical"]
        verbose_name = _("kelompok sinonim")
        verbose_name_plural = _("kelompok sinonim")

    def __str__(self) -> str:
        return f"{self.canonical} = {self.variants}"

    def as_line(self) -> str:
        return f"{self.canonical} = {self.variants}"


class Vote(models.Model):
    """One "Apakah ini membantu?" answer. ``visitor_hash`` is a keyed digest of the
    client address and the article (knowledge.votes): the table holds no address, and
    its unique constraint is what keeps a second vote from the same place out, however
    many requests race. The counters on the article are what pages read."""

    article = models.ForeignKey(Article, verbose_name=_("artikel"), on_delete=models.CASCADE, related_name="+")
    visitor_hash = models.CharField(_("penanda pengunjung"), max_length=64, editable=False)
    helpful = models.BooleanField(_("membantu"))
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        verbose_name = _("penilaian artikel")
        verbose_name_plural = _("penilaian artikel")
        constraints = [
            models.UniqueConstraint(name="knowledge_one_vote_per_visitor", fields=["article", "visitor_hash"]),
        ]

    def __str__(self) -> str:
        return f"{self.article_id}: {'+' if self.helpful else '-'}"
