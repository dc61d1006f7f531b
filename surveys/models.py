"""The satisfaction survey (SKM, PermenPANRB 14/2017) after a case's output is delivered:
one invitation per case (a random single-use token, only its digest stored) and at most
one response, with the nine elements' 1–4 scores and the regulation's respondent profile.
A response keeps the case's channel, directorate and delivery month, so the index is
computed per period without reading the cases again."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from consultations.channels import Channel
from consultations.models import Consultation

from .scoring import ELEMENTS


class SurveyInvitation(models.Model):
    consultation = models.OneToOneField(Consultation, on_delete=models.PROTECT, related_name="survey_invitation")
    token_digest = models.CharField(_("sidik token"), max_length=64, unique=True)
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(_("bahasa"), max_length=8, choices=settings.LANGUAGES)
    created_at = models.DateTimeField(_("dibuat"))
    expires_at = models.DateTimeField(_("berlaku sampai"))
    # Set once, by the response (a conditional update: one response per case).
    used_at = models.DateTimeField(_("diisi pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("undangan survei")
        verbose_name_plural = _("undangan survei")

    def __str__(self) -> str:
        return str(self.consultation_id)


class AgeBand(models.TextChoices):
    UNDER_25 = "u25", _("Di bawah 25 tahun")
    FROM_25 = "25_34", _("25–34 tahun")
    FROM_35 = "35_44", _("35–44 tahun")
    FROM_45 = "45_54", _("45–54 tahun")
    FROM_55 = "55", _("55 tahun ke atas")


class Sex(models.TextChoices):
    MALE = "l", _("Laki-laki")
    FEMALE = "p", _("Perempuan")


class Education(models.TextChoices):
    SD = "sd", _("SD ke bawah")
    SMP = "smp", _("SMP")
    SMA = "sma", _("SMA")
    DIPLOMA = "diploma", _("D1/D2/D3/D4")
    S1 = "s1", _("S1")
    S2 = "s2", _("S2 ke atas")


class Occupation(models.TextChoices):
    PNS = "pns", _("PNS/ASN")
    TNI_POLRI = "tni_polri", _("TNI/POLRI")
    SWASTA = "swasta", _("Pegawai swasta")
    WIRAUSAHA = "wirausaha", _("Wirausaha")
    LAINNYA = "lainnya", _("Lainnya")


def _score(label):
    return models.PositiveSmallIntegerField(label)


class SurveyResponse(models.Model):
    invitation = models.OneToOneField(SurveyInvitation, on_delete=models.PROTECT, related_name="response")
    channel = models.CharField(_("saluran"), max_length=20, choices=Channel.choices)
    directorate = models.ForeignKey("accounts.Directorate", verbose_name=_("direktorat"), on_delete=models.PROTECT,
                                    related_name="+")
    delivered_at = models.DateTimeField(_("layanan selesai pada"))
    persyaratan = _score(_("Persyaratan"))
    prosedur = _score(_("Sistem, mekanisme dan prosedur"))
    waktu = _score(_("Waktu penyelesaian"))
    biaya = _score(_("Biaya/tarif"))
    produk = _score(_("Produk spesifikasi jenis pelayanan"))
    kompetensi = _score(_("Kompetensi pelaksana"))
    perilaku = _score(_("Perilaku pelaksana"))
    pengaduan = _score(_("Penanganan pengaduan, saran dan masukan"))
    sarana = _score(_("Sarana dan prasarana"))
    comment = models.TextField(_("saran dan komentar"), blank=True)
    age_band = models.CharField(_("umur"), max_length=8, choices=AgeBand.choices, blank=True)
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices, blank=True)
    education = models.CharField(_("pendidikan"), max_length=10, choices=Education.choices, blank=True)
    occupation = models.CharField(_("pekerjaan"), max_length=12, choices=Occupation.choices, blank=True)
    submitted_at = models.DateTimeField(_("diisi pada"))

    class Meta:
        verbose_name = _("jawaban survei")
        verbose_name_plural = _("jawaban survei")
        indexes = [models.Index(fields=["delivered_at", "channel", "directorate"], name="survey_period_idx")]
        constraints = [
            models.CheckConstraint(name=f"survey_{element}_1_to_4", condition=Q(**{f"{element}__gte": 1, f"{element}__lte": 4}))
            for element in ELEMENTS
        ]

    def __str__(self) -> str:
        return f"{self.invitation_id} @ {self.submitted_at:%Y-%m-%d}"

    def scores(self) -> dict[str, int]:
        return {element: getattr(self, element) for element in ELEMENTS}
