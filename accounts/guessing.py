"""Pages opened by a code in their address (a complaint's tracking code, a walk-in code,
an answer letter's verification code, a letter's tracking link) are the only key to
what they show, so guessing codes is throttled — one counter per client address for
all of them (docs/decisions/0012-codes-and-throttles.md).

Every unknown code a client tries (the page's 404) is counted under one scope,
``code_guesses``, whatever the page: a guesser gets ``THROTTLE_RATES
["code_guesses_per_address"]`` misses in all (10 per 15 minutes by default), not that
many per kind of code. Once they are used up, every page opened by a code — a right
code too — answers 429 with ``Retry-After`` until the window ends. An honest person
mistypes a code a few times at most.

Clients are counted by address behind the configured proxies (``client_ip``), an IPv6
client by its /64 (``core.throttle.network``); the counter is the shared cache's.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from core import throttle
from core.throttle import Claim, Throttled

from .throttling import client_ip

SCOPE = "code_guesses"


def _claim(request: HttpRequest) -> Claim:
    return Claim(SCOPE, throttle.network(client_ip(request)), settings.THROTTLE_RATES["code_guesses_per_address"])


def refusal(request: HttpRequest) -> Throttled | None:
    """Whether this client has used up its unknown codes (and for how long), counting nothing."""
    return throttle.refused(_claim(request))


def missed(request: HttpRequest) -> None:
    """Count one unknown code tried by this client."""
    throttle.count(_claim(request))


def why() -> str:
    """The refusal's lead sentence, the same on every page opened by a code."""
    return _("Terlalu banyak kode yang tidak dikenal dicoba dari alamat jaringan ini. Demi keamanan, halaman yang "
             "dibuka dengan kode ditahan sementara.")


def too_many(request: HttpRequest, refused: Throttled, *, template: str = "429.html",
             context: dict | None = None) -> HttpResponse:
    """The 429 in the site's layout (``template``: a page's own), with ``Retry-After``,
    never cached."""
    response = throttle.too_many(request, refused, template=template, context={"why": why()} | (context or {}))
    response["Referrer-Policy"] = "same-origin"
    return response


def guarded(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page opened by a code: refused (429) while this client is throttled, and its
    404 — the code is unknown — counted. Put under the access decorator
    (``@public`` then ``@guarded``)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if (refused := refusal(request)) is not None:
            return too_many(request, refused)
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            missed(request)
            raise
        if response.status_code == 404:
            missed(request)
        return response

    wrapper.guards_code_guessing = True  # type: ignore[attr-defined]
    return wrapper
