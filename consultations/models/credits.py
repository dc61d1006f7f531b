"""Priority credits: the standard's compensation ("pemberian prioritas untuk pelayanan
berikutnya"). A case whose deadline was breached grants one credit to the person it was
for; that person's next case, in any channel, uses the oldest unused one and is marked
priority. Granted and used by ``consultations/services/compensation.py`` only.

A credit belongs to a person, known by an account or by a contact (DESIGN.md, 5b): the
account of the breached case when it has one, and always the contact's e-mail address
and phone number, as keys (:func:`contact_keys`: digests of the case-folded address and
of the E.164 number, so the table holds nobody's address). The person's next case finds
the credit by any of them (:meth:`PriorityCreditQuerySet.owed_to`): a guest who breached
at the front desk and comes back by letter from the same address, or to the desk with
the same phone number, is owed it (a phone number names a person only where the desk
saw them with it: a profile's or a letter's number proves nothing); when that address is verified on an account, or staff link a case to an account,
the credit moves to the account (``compensation.claim_contact_credits``), where the
applicant sees it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.phones import email_key as folded_email
from accounts.phones import normalized_or_none

from .consultation import Consultation


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:32] if value else ""


def email_digest(email: str) -> str:
    """An e-mail address as a credit key: ``""`` for none; letter case does not count."""
    return _digest(folded_email(email))


def phone_digest(phone: str) -> str:
    """A phone number as a credit key (its stored E.164 form, extension included: an
    office switchboard is many people, an extension one): ``""`` for none or one that
    does not parse; ``0812 3456 7890`` and ``+62 812-3456-7890`` are one key."""
    return _digest(normalized_or_none(phone) or "")


def contact_keys(*, email: str = "", phone: str = "") -> tuple[str, str]:
    """A contact's two keys (e-mail, phone); either may be ``""``."""
    return email_digest(email), phone_digest(phone)


class PriorityCreditQuerySet(models.QuerySet):
    def unused(self) -> PriorityCreditQuerySet:
        return self.filter(used_by__isnull=True)

    def of_person(
        self, *, account_id: int | None = None, emails: Iterable[str] = (), phone: str = ""
    ) -> PriorityCreditQuerySet:
        """The credits of one person: held by ``account_id``, or granted to a contact
        with one of ``emails`` or with ``phone`` (wherever the credit is held now: the
        same address is the same person, signed in or not); none when nothing names them."""
        who = Q(pk__in=[])
        if account_id is not None:
            who |= Q(applicant_id=account_id)
        email_keys = sorted({key for key in map(email_digest, emails) if key})
        if email_keys:
            who |= Q(email_key__in=email_keys)
        phone = phone_digest(phone)
        if phone:
            who |= Q(phone_key=phone)
        return self.filter(who)

    def owed_to(self, consultation: Consultation) -> PriorityCreditQuerySet:
        """The credits of whoever ``consultation`` is for: its account's and its
        contact's — by e-mail address, and by phone number where the channel saw the
        person with it (``ChannelSpec.phone_identifies``: the walk-in desk)."""
        phone = consultation.contact_phone if consultation.channel_spec.phone_identifies else ""
        return self.of_person(
            account_id=consultation.applicant_id, emails=[consultation.contact_email], phone=phone
        )


class PriorityCredit(models.Model):
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun pemohon"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="priority_credits",
    )
    # The contact of the breached case (``contact_keys``); kept when the credit moves to
    # an account, for the audit.
    email_key = models.CharField(_("kunci e-mail"), max_length=32, blank=True)
    phone_key = models.CharField(_("kunci telepon"), max_length=32, blank=True)
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
    # When a credit granted to a contact moved to the account that verified the contact's
    # e-mail address, or to which staff linked the contact's case.
    moved_to_account_at = models.DateTimeField(_("dipindahkan ke akun pada"), null=True, blank=True)

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
                fields=["email_key", "granted_at"], name="credit_email_unused_idx", condition=Q(used_by__isnull=True)
            ),
            models.Index(
                fields=["phone_key", "granted_at"], name="credit_phone_unused_idx", condition=Q(used_by__isnull=True)
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="credit_has_an_owner",
                condition=Q(applicant__isnull=False) | ~Q(email_key="") | ~Q(phone_key=""),
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

    # The values of a credit a breach grants (:meth:`granted_for_breach`), in this order.
    BREACH_FIELDS = ("applicant_id", "email_key", "phone_key", "granted_for_id", "granted_at")

    @classmethod
    def granted_for_breach(cls, case: Consultation, *, now) -> tuple | None:
        """The values (:attr:`BREACH_FIELDS`) of the credit a breach of ``case`` grants:
        to its account if it has one, keyed by its contact either way; None when the
        case names nobody to owe it to. Values, not an instance: a sweep grants
        thousands (``core.bulk.insert_rows``)."""
        email_key, phone_key = contact_keys(email=case.contact_email, phone=case.contact_phone)
        if case.applicant_id is None and not (email_key or phone_key):
            return None
        return (case.applicant_id, email_key, phone_key, case.pk, now)
