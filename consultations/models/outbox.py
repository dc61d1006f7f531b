"""The e-mail outbox: an e-mail is a row written in the transaction of the event it
tells about, so nothing is lost when the broker or the mail server is down. See
``consultations/emails.py`` (queueing, rendering) and ``consultations/tasks.py``
(sending, the sweep)."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .consultation import Consultation
from .records import Event


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu dikirim")
    SENDING = "sending", _("Sedang dikirim")
    SENT = "sent", _("Terkirim")
    FAILED = "failed", _("Gagal")


class OutboundEmail(models.Model):
    template = models.CharField(_("templat"), max_length=100)
    recipient = models.EmailField(_("penerima"))
    language = models.CharField(_("bahasa"), max_length=8, choices=settings.LANGUAGES)
    # A snapshot of what the e-mail says, taken when the event happened. Keys ending in
    # "_at" hold ISO datetimes and are rendered as WIB datetimes.
    context = models.JSONField(_("isi"), default=dict, encoder=DjangoJSONEncoder)
    consultation = models.ForeignKey(
        Consultation, on_delete=models.PROTECT, null=True, blank=True, related_name="emails"
    )
    event = models.ForeignKey(Event, on_delete=models.PROTECT, null=True, blank=True, related_name="emails")
    # The same event never yields two e-mails to the same recipient.
    dedupe_key = models.CharField(_("kunci unik"), max_length=200, unique=True)

    status = models.CharField(
        _("status"), max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    last_error = models.TextField(_("galat terakhir"), blank=True)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    claimed_at = models.DateTimeField(_("diambil pada"), null=True, blank=True)
    # Who claimed it: the Celery task id. The same task delivered again after its worker
    # died (acks_late, reject_on_worker_lost) may take over its own claim at once.
    claim_token = models.CharField(_("token klaim"), max_length=64, blank=True)
    # The sweep leaves a row alone until then (a retry with backoff is on its way).
    next_attempt_at = models.DateTimeField(_("percobaan berikutnya"), null=True, blank=True)
    sent_at = models.DateTimeField(_("terkirim pada"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("e-mail keluar")
        verbose_name_plural = _("e-mail keluar")
        indexes = [
            models.Index(
                fields=["status", "created_at"],
                name="outbox_unsent_idx",
                condition=Q(status__in=["pending", "sending"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template} -> {self.recipient} ({self.status})"
