"""Priority credits: the standard's compensation ("pemberian prioritas untuk pelayanan
berikutnya"). A case whose deadline was breached grants its applicant one credit; the
applicant's next case, in any channel, uses the oldest unused one and is marked
priority. Granted and used by ``consultations/services/compensation.py`` only.

Who a credit belongs to is the portal account when the breached case has one, else the
case's contact, named by :func:`contact_key` (a digest of the e-mail address, else of
the phone number): a walk-in guest or a letter's sender without an account is owed the
same priority at their next visit or letter.
"""

from __future__ import annotations

import hashlib
import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .consultation import Consultation


def contact_key(*, email: str = "", phone: str = "") -> str:
    """Who a contact without an account is, for their credits: ``email:<digest>`` or
    ``phone:<digest>`` (digits only), or ``""`` when they left neither."""
    if email.strip():
        return "email:" + hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("62"):  # +62 812… and 0812… are the same number
        digits = "0" + digits[2:]
    if digits:
        return "phone:" + hashlib.sha256(digits.encode()).hexdigest()[:32]
    return ""


class PriorityCreditQuerySet(models.QuerySet):
    def unused(self) -> PriorityCreditQuerySet:
        return self.filter(used_by__isnull=True)

    def owed_to(self, consultation: Consultation) -> PriorityCreditQuerySet:
        """The credits of whoever ``consultation`` is for: its account's, else its contact's."""
        if consultation.applicant_id is not None:
            return self.filter(applicant_id=consultation.applicant_id)
        key = contact_key(email=consultation.contact_email, phone=consultation.contact_phone)
        return self.filter(applicant__isnull=True, contact_key=key) if key else self.none()


class PriorityCredit(models.Model):
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun pemohon"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="priority_credits",
    )
    contact_key = models.CharField(_("kunci kontak"), max_length=40, blank=True)
    granted_for = models.OneToOneField(
        Consultation,
        verbose_name=_("diberikan karena konsultasi"),
        on_delete=models.PROTECT,
        related_name="granted_credit",
    )
    granted_at = models.DateTimeField(_("diberikan pada"))
    used_by = models.OneToOneField(
        Consultation,
        verbose_name=_("dipakai oleh konsultasi"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="used_credit",
    )
    used_at = models.DateTimeField(_("dipakai pada"), null=True, blank=True)

    objects = PriorityCreditQuerySet.as_manager()

    class Meta:
        ordering = ["granted_at", "id"]
        verbose_name = _("kredit prioritas")
        verbose_name_plural = _("kredit prioritas")
        indexes = [
            models.Index(
                fields=["applicant", "granted_at"], name="credit_unused_idx", condition=Q(used_by__isnull=True)
            ),
            models.Index(
                fields=["contact_key", "granted_at"],
                name="credit_contact_unused_idx",
                condition=Q(used_by__isnull=True, applicant__isnull=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="credit_has_an_owner", condition=Q(applicant__isnull=False) | ~Q(contact_key="")
            ),
            models.CheckConstraint(
                name="credit_used_is_dated",
                condition=Q(used_by__isnull=True, used_at__isnull=True) | Q(used_by__isnull=False, used_at__isnull=False),
            ),
            models.CheckConstraint(
                name="credit_not_used_by_its_own_case", condition=~Q(used_by=models.F("granted_for"))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.granted_for_id} -> {self.used_by_id or '-'}"

    @property
    def is_used(self) -> bool:
        return self.used_by_id is not None
