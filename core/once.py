"""One-time form tokens: a form that creates something creates it once.

A double click, a browser's "resend", or the same form posted from two tabs would
otherwise create two cases, messages or answers, and send two e-mails. Every such form
(:class:`OnceForm`) carries a hidden random token, issued when the form is rendered.
:func:`create_once` records the token in the transaction that creates the object; the
unique constraint on (user, token) makes any second post of it fail — also when both
arrive at once — and :func:`replayed` sends that post to what the first one created.

A post without a token (a hand-made request) is not guarded: the token protects people
from repeating themselves, not the service from anyone (the rate limits do that).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import FormSubmission

T = TypeVar("T")


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


def sent_url(user, token: uuid.UUID | None) -> str | None:
    """Where the object created by an earlier post of ``token`` is shown, if any."""
    if token is None:
        return None
    return FormSubmission.objects.filter(user=user, token=token).values_list("url", flat=True).first()


def create_once(*, user, token: uuid.UUID | None, create: Callable[[], T], url: Callable[[T], str]) -> Outcome[T]:
    """Run ``create`` (a service call) unless ``token`` was used by ``user`` already.

    The token's row is inserted first, in the same transaction as what ``create`` makes:
    a concurrent post of the same token waits on the unique index until this one commits,
    then fails and is answered with this one's result. If ``create`` raises (bad input,
    a limit), everything rolls back, the token included, and the corrected form can be
    sent again with it.
    """
    if token is None:
        created = create()
        return Outcome(url=url(created), created=created, replayed=False)
    try:
        with transaction.atomic():
            claim = FormSubmission.objects.create(user=user, token=token, url="")
            created = create()
            claim.url = url(created)
            claim.save(update_fields=["url"])
    except IntegrityError:
        earlier = sent_url(user, token)
        if earlier is None:
            raise  # not the token's constraint: a real error
        return Outcome(url=earlier, created=None, replayed=True)
    return Outcome(url=claim.url, created=created, replayed=False)


def replayed(request: HttpRequest, url: str) -> HttpResponse:
    messages.info(
        request, _("Formulir ini sudah dikirim sebelumnya, jadi tidak dikirim lagi. Berikut hasil pengiriman pertama.")
    )
    return redirect(url)
