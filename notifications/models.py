"""The e-mail outbox: an e-mail is a row written in the transaction of the event it
tells about, so nothing is lost when the broker or the mail server is down. See
``notifications/outbox.py`` (queueing), ``notifications/delivery.py`` (sending once),
``notifications/rendering.py`` and ``notifications/tasks.py`` (the tasks, the sweep).

What an e-mail is about (a case, a complaint...) is a generic relation: this app knows
no desk."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu dikirim")
    SENDING = "sending", _("Sedang dikirim")
    SENT = "sent", _("Terkirim")
    FAILED = "failed", _("Gagal")


class OutboundEmailQuerySet(models.QuerySet):
    def about(self, subject: models.Model) -> OutboundEmailQuerySet:
        """The e-mails about one case (or whatever a desk e-mails about)."""
        return self.filter(subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk)


class OutboundEmail(models.Model):
    template = models.CharField(_("templat"), max_length=100)
    recipient = models.EmailField(_("penerima"))
    language = models.CharField(_("bahasa"), max_length=8, choices=settings.LANGUAGES)
    # A snapshot of what the e-mail says, taken when the event happened. Keys ending in
    # "_at" hold ISO datetimes and are rendered as WIB datetimes.
    context = models.JSONField(_("isi"), default=dict, encoder=DjangoJSONEncoder)
    # What the e-mail is about, if anything: a desk's case, opaque to this app.
    subject_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("jenis perihal"),
        db_index=False,  # outbox_subject_idx starts with it
    )
    subject_id = models.PositiveBigIntegerField(_("id perihal"), null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    # The same event never yields two e-mails to the same recipient: the caller names the
    # event in the key (see notifications.outbox.dedupe_key).
    # Unique by a constraint of Meta, not unique=True: that would add a second index, for
    # LIKE 'prefix%' searches nothing asks, to every insert (thousands a sweep).
    dedupe_key = models.CharField(_("kunci unik"), max_length=200)
    # Files sent with it: ``[{"path" | "content", "filename", "content_type"}]``. A stored
    # file (an answer letter's PDF) by storage name, read when it is sent, so the row stays
    # small; a few kilobytes made for this e-mail alone (a calendar invitation) as base64
    # "content", so that nothing is written to storage before the transaction commits.
    attachments = models.JSONField(_("lampiran"), default=list, blank=True)

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

    objects = OutboundEmailQuerySet.as_manager()

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
            models.Index(fields=["subject_type", "subject_id"], name="outbox_subject_idx"),
        ]
        constraints = [models.UniqueConstraint(fields=["dedupe_key"], name="outbox_dedupe_key_unique")]

    def __str__(self) -> str:
        return f"{self.template} -> {self.recipient} ({self.status})"


# --- in-app notices ------------------------------------------------------------------


class NoticeQuerySet(models.QuerySet):
    def for_user(self, user) -> NoticeQuerySet:
        return self.filter(recipient=user)

    def unread(self) -> NoticeQuerySet:
        return self.filter(read_at__isnull=True)

    def about(self, subject: models.Model) -> NoticeQuerySet:
        return self.filter(subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk)


class Notice(models.Model):
    """One line in a user's list of notices ("a new case in your directorate"), written
    in the transaction of the event it tells about (``notifications/notices.py``).

    The text is a snapshot in both languages, taken when the event happened, so the list
    needs no desk to render it and shows what was true then."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("penerima"),
        on_delete=models.CASCADE,
        related_name="notices",
        db_index=False,  # both indexes below start with it
    )
    # What kind of notice it is ("deadline_breached"...), the desk's vocabulary.
    kind = models.CharField(_("jenis"), max_length=50)
    text = models.CharField(_("isi"), max_length=300)
    text_en = models.CharField(_("isi (Inggris)"), max_length=300, blank=True)
    # Where opening it leads: a path on this site.
    url = models.CharField(_("tautan"), max_length=500, blank=True)
    subject_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("jenis perihal"),
        db_index=False,  # notice_subject_idx starts with it
    )
    subject_id = models.PositiveBigIntegerField(_("id perihal"), null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    # The same cause never yields two notices to the same user (a re-run creates nothing).
    # Unique by a constraint of Meta, not unique=True: that would add a second index, for
    # LIKE 'prefix%' searches nothing asks, to every insert (thousands a sweep).
    dedupe_key = models.CharField(_("kunci unik"), max_length=200)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    read_at = models.DateTimeField(_("dibaca pada"), null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("pemberitahuan")
        verbose_name_plural = _("pemberitahuan")
        indexes = [
            # The list, newest first.
            models.Index(fields=["recipient", "-created_at", "-id"], name="notice_recipient_idx"),
            # The navigation bar's unread count on every page: a short partial index scan.
            models.Index(fields=["recipient"], name="notice_unread_idx", condition=Q(read_at__isnull=True)),
            models.Index(fields=["subject_type", "subject_id"], name="notice_subject_idx"),
        ]
        constraints = [models.UniqueConstraint(fields=["dedupe_key"], name="notice_dedupe_key_unique")]

    def __str__(self) -> str:
        return f"{self.kind} -> {self.recipient_id}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def localized_text(self) -> str:
        return self.text_en if get_language() == "en" and self.text_en else self.text
