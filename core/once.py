"""One-time form tokens: a form that creates something creates it once.

A double click, a browser's "resend", or the same form posted from two tabs would
otherwise create two cases, messages or answers, and send two e-mails. Every such form
(:class:`OnceForm`) carries a hidden random token, issued when the form is rendered.
:func:`create_once` records the token in the transaction that creates the object; the
unique constraint on (user, token) makes any second post of it fail — also when both
arrive at once — and :func:`replayed` sends that post to what the first one created.

A post without a token (a hand-made request) is not guarded: the token protects people
from repeating themselves, not the service from anyone (the rate limits do that).

The browser's Back button shows the form again, filled in, often with a new token: sent
again, it would make a second case. So a form that opens a case also names its content
(:func:`fingerprint`: the channel, who sends — the account, or the contact's e-mail for a
visitor — and the text that makes the request what it is). The same fingerprint within
:data:`SAME_CONTENT_WINDOW` is answered with what the first post created
(:func:`create_once`), and :func:`replayed` says that it was already received.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Generic, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import FormSubmission

T = TypeVar("T")

# How long the same content from the same person counts as the same request (issue 23).
SAME_CONTENT_WINDOW = timedelta(minutes=30)


class OnceForm(forms.Form):
    """A form whose posting creates something: it carries a one-time token.
    Templates render ``{{ form.form_token }}`` inside the ``<form>``."""

    form_token = forms.UUIDField(
        required=False,
        widget=forms.HiddenInput,
        initial=uuid.uuid4,  # a new token each time an unbound form is shown
        error_messages={"invalid": gettext_lazy("Formulir ini rusak. Muat ulang halaman, lalu kirim lagi.")},
    )

    def posted_token(self) -> uuid.UUID | None:
        """The token as posted, before (and whether or not) the form is valid."""
        raw = self.data.get(self.add_prefix("form_token")) if self.is_bound else None
        try:
            return forms.UUIDField().clean(raw) or None
        except ValidationError:
            return None


@dataclass(frozen=True)
class Outcome(Generic[T]):
    url: str  # where the created object is shown
    created: T | None  # None when this post was a replay
    replayed: bool
    same_content: bool = False  # a replay found by its content, not its token


def fingerprint(kind: str, sender: object, *parts: object) -> str:
    """What a post asks for, as a digest: ``kind`` (the form), ``sender`` (an account's
    pk, or a visitor's e-mail address) and the parts that make the request what it is,
    compared without case and runs of white space (a second post from Back is the same
    text, or the browser's restoration of it)."""
    words = [" ".join(str(part if part is not None else "").casefold().split()) for part in (kind, sender, *parts)]
    return hashlib.sha256("\x1f".join(words).encode()).hexdigest()


def sent_url(user, token: uuid.UUID | None) -> str | None:
    """Where the object created by an earlier post of ``token`` is shown, if any."""
    if token is None:
        return None
    return FormSubmission.objects.filter(user=user, token=token).values_list("url", flat=True).first()


def same_content_url(fingerprint: str, *, now=None) -> str | None:
    """Where the object created by an earlier post of the same content is shown, if it
    was sent within :data:`SAME_CONTENT_WINDOW`."""
    if not fingerprint:
        return None
    since = (now or timezone.now()) - SAME_CONTENT_WINDOW
    return (
        FormSubmission.objects.filter(fingerprint=fingerprint, created_at__gte=since)
        .exclude(url="")
        .order_by("-created_at")
        .values_list("url", flat=True)
        .first()
    )


def create_once(
    *, user, token: uuid.UUID | None, create: Callable[[], T], url: Callable[[T], str], fingerprint: str = ""
) -> Outcome[T]:
    """Run ``create`` (a service call) unless ``token`` was used by ``user`` already, or
    the same content (``fingerprint``) was sent in the last 30 minutes.

    The token's row is inserted first, in the same transaction as what ``create`` makes:
    a concurrent post of the same token waits on the unique index until this one commits,
    then fails and is answered with this one's result. If ``create`` raises (bad input,
    a limit), everything rolls back, the token included, and the corrected form can be
    sent again with it. ``user`` is None for a visitor's form: its row carries only the
    fingerprint.
    """
    if (earlier := same_content_url(fingerprint)) is not None:
        return Outcome(url=earlier, created=None, replayed=True, same_content=True)
    if token is None and not fingerprint:
        created = create()
        return Outcome(url=url(created), created=created, replayed=False)
    try:
        with transaction.atomic():
            claim = FormSubmission.objects.create(
                user=user, token=token or uuid.uuid4(), url="", fingerprint=fingerprint
            )
            created = create()
            claim.url = url(created)
            claim.save(update_fields=["url"])
    except IntegrityError:
        earlier = sent_url(user, token)
        if earlier is None:
            raise  # not the token's constraint: a real error
        return Outcome(url=earlier, created=None, replayed=True)
    return Outcome(url=claim.url, created=created, replayed=False)


def replayed(request: HttpRequest, url: str, *, same_content: bool = False) -> HttpResponse:
    if same_content:
        messages.info(
            request,
            _("Permohonan dengan isi yang sama sudah kami terima beberapa saat lalu, jadi tidak dibuat dua kali. "
              "Berikut permohonan tersebut."),
        )
    else:
        messages.info(
            request, _("Formulir ini sudah dikirim sebelumnya, jadi tidak dikirim lagi. Berikut hasil pengiriman pertama.")
        )
    return redirect(url)


def replayed_outcome(request: HttpRequest, outcome: Outcome) -> HttpResponse:
    """The answer to a post that created nothing new: the first one's result."""
    return replayed(request, outcome.url, same_content=outcome.same_content)


# A visitor has no account: what their browser sent is remembered in their session, so
# that a replay is shown its result only where the first post was made.
SENT_HERE = "once_sent"


def remember_sent(request: HttpRequest, url: str) -> None:
    sent = [*request.session.get(SENT_HERE, [])[-9:], url]
    request.session[SENT_HERE] = sent


def was_sent_here(request: HttpRequest, url: str) -> bool:
    return url in request.session.get(SENT_HERE, [])
