"""Problem categories: the "menu" of the standard, managed by the admin."""

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.models import Directorate


class CategoryQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Category(models.Model):
    """A problem category. Legal-problem categories go to the legal directorate; the rest
    to ``default_directorate`` if set, otherwise by the applicant's institution type."""

    code = models.SlugField(_("kode"), max_length=50, unique=True)
    name = models.CharField(_("nama"), max_length=150)
    name_en = models.CharField(_("nama (Inggris)"), max_length=150)
    description = models.TextField(_("uraian"), blank=True)
    description_en = models.TextField(_("uraian (Inggris)"), blank=True)
    is_legal_problem = models.BooleanField(
        _("permasalahan hukum"),
        default=False,
        help_text=_("Konsultasi dalam kategori ini diarahkan ke Direktorat Penanganan Permasalahan Hukum."),
    )
    default_directorate = models.ForeignKey(
        Directorate,
        verbose_name=_("direktorat bawaan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Kosongkan agar jenis instansi pemohon yang menentukan direktorat."),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("urutan"), default=100)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("kategori permasalahan")
        verbose_name_plural = _("kategori permasalahan")
        constraints = [
            models.CheckConstraint(
                name="legal_category_has_no_default_directorate",
                condition=Q(is_legal_problem=False) | Q(default_directorate__isnull=True),
                violation_error_message=_(
                    "Kategori permasalahan hukum selalu diarahkan ke direktorat hukum; kosongkan direktorat bawaan."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.localized_name

    @property
    def localized_name(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name
