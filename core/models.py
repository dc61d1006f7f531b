"""One-time form tokens: a form that creates something is carried out once per token."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FormSubmission(models.Model):
    """The token of a form that created something, and where that thing is shown.

    The row is written in the transaction that creates the thing; the unique constraint,
    not a look-up first, makes a second post of the same token (double click, browser
    resend, two tabs) fail, even when both arrive at the same moment: the second insert
    waits for the first transaction and then hits the constraint. See
    ``core/once.py``.
    """

    # None for a visitor's form (the walk-in form, the complaint form): such a row only
    # carries the content's fingerprint.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", null=True)
    token = models.UUIDField(_("token formulir"))
    url = models.CharField(_("alamat hasil"), max_length=300)
    created_at = models.DateTimeField(_("dikirim pada"), default=timezone.now, db_index=True)
    # What was sent, by whom (``once.fingerprint``): the same content sent again from the
    # browser's Back button carries a new token but the same fingerprint.
    fingerprint = models.CharField(_("sidik isi"), max_length=64, blank=True, default="")

    class Meta:
        # Born in consultations (migration 0005); the table keeps its name.
        db_table = "consultations_formsubmission"
        verbose_name = _("formulir terkirim")
        verbose_name_plural = _("formulir terkirim")
        constraints = [models.UniqueConstraint(fields=["user", "token"], name="form_submission_once")]
        indexes = [
            models.Index(
                fields=["fingerprint", "created_at"], name="form_submission_same",
                condition=~models.Q(fingerprint=""),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.token}"
