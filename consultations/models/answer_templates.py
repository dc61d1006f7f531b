"""Answer templates: a directorate's reusable passages per category, with the
regulations they cite, kept by its team leads and Director and inserted into drafts by
whoever answers a case of that directorate and category.

A template belongs to the directorate of the lead who wrote it: the same category is
answered by several directorates (by the applicant's institution type), and each keeps
its own opinions. Every change is a service (``services/answer_templates.py``); the
count of uses is raised there with an ``F()`` update, never read-modify-write.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Directorate

from .category import Category
from .consultation import Consultation

# What goes before the citations in a draft. The passage is the directorate's Indonesian
# text whatever the staff member's interface language, so the heading is too (content,
# not interface: no gettext).
CITATIONS_HEADING = "Dasar hukum:"


class AnswerTemplateQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def of_directorate(self, directorate_id: int | None):
        return self.filter(directorate_id=directorate_id) if directorate_id is not None else self.none()

    def offered_for(self, case: Consultation):
        """The active templates one may insert into a draft of ``case``: of its
        directorate and its category — every category's for a case filed without one
        (a letter) —, by category, then most used first."""
        offered = self.active().of_directorate(case.directorate_id)
        if case.category_id is not None:
            offered = offered.filter(category_id=case.category_id)
        return offered.select_related("category").order_by(
            "category__sort_order", "category__name", "-use_count", "title", "pk"
        )


class AnswerTemplate(models.Model):
    directorate = models.ForeignKey(
        Directorate, verbose_name=_("direktorat"), on_delete=models.PROTECT, related_name="answer_templates"
    )
    category = models.ForeignKey(
        Category, verbose_name=_("kategori permasalahan"), on_delete=models.PROTECT, related_name="answer_templates"
    )
    title = models.CharField(_("judul"), max_length=200)
    body = models.TextField(_("isi templat"))
    regulations = models.TextField(
        _("dasar hukum"), blank=True, help_text=_("Peraturan yang dirujuk, satu per baris.")
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    use_count = models.PositiveIntegerField(_("jumlah penggunaan"), default=0, editable=False)
    last_used_at = models.DateTimeField(_("terakhir digunakan"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("dibuat oleh"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat pada"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("terakhir diubah oleh"), on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("terakhir diubah"))

    objects = AnswerTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["category__sort_order", "category__name", "title", "pk"]
        verbose_name = _("templat jawaban")
        verbose_name_plural = _("templat jawaban")
        indexes = [models.Index(fields=["directorate", "category", "is_active"], name="answer_template_offer_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def insertion(self) -> str:
        """What a draft receives: the passage, then its citations under a heading."""
        body, citations = self.body.strip(), self.regulations.strip()
        return f"{body}\n\n{CITATIONS_HEADING}\n{citations}" if citations else body

