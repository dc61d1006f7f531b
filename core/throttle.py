"""Counters that hold the public doors: how much one client address, one e-mail address
or one code guesser may do in a window, with the wait to tell them (``Retry-After``).

A limit is written as rates, ``"5/h,20/d"`` (five an hour and twenty a day), ``"10/15m"``
or ``"50000000/d"`` (a quota of bytes); :func:`parse` reads them from the settings.

Each rate counts in fixed windows (an hour starting on the hour, a day at midnight UTC):
one cache key per window, raised with the cache's atomic ``incr`` (Redis' INCR in
production), so parallel requests from many web processes each see the ones before
them. A fixed window lets a client spend a limit at the end of one window and again at
the start of the next; twice the figure at worst, which is still a limit, and the
counter costs one key instead of a list of timestamps.

Who is counted is hashed into the key: the cache holds no e-mail or IP address in clear.
The cache fails open (advokasi.cache): with Redis down the limits are not enforced, the
same trade the sign-in rate limits make; a submission is never refused because the
counter is away.

- :func:`take` counts a request against several limits at once (a form: per address
  and per target e-mail) and refuses it, counting nothing, if any would be passed.
- :func:`refused` / :func:`count` are for guessing: count each failure, and refuse
  every attempt (the right one too) while the failures fill the window.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


@dataclass(frozen=True)
class Rate:
    amount: int
    seconds: int

    def __str__(self) -> str:
        return f"{self.amount}/{self.seconds}s"


def parse(spec: str, *, name: str = "limit") -> tuple[Rate, ...]:
    """``"5/h,20/d"`` -> (Rate(5, 3600), Rate(20, 86400)). An empty spec is no limit."""
    rates = []
    for part in filter(str.strip, spec.split(",")):
        match = _RATE.match(part)
        if match is None or int(match.group(1)) < 1 or match.group(2) == "0":
            raise ImproperlyConfigured(
                f"{name}: {part.strip()!r} is not a rate; write amount/window, e.g. 5/h, 20/d, 10/15m."
            )
        amount, many, unit = match.groups()
        rates.append(Rate(int(amount), int(many or 1) * UNITS[unit]))
    return tuple(rates)


class Throttled(Exception):
    """Refused: ``rate`` is used up for ``retry_after`` more seconds."""

    def __init__(self, *, scope: str, rate: Rate, retry_after: int) -> None:
        self.scope = scope
        self.rate = rate
        self.retry_after = max(1, int(retry_after))
        super().__init__(f"{scope}: more than {rate.amount} per {rate.seconds}s; retry after {self.retry_after}s")

    @property
    def minutes(self) -> int:
        """The wait in whole minutes, rounded up, for the page."""
        return -(-self.retry_after // 60)


@dataclass(frozen=True)
class Claim:
    """``cost`` of something counted under ``scope`` for ``who`` against ``rates``."""

    scope: str
    who: str
    rates: tuple[Rate, ...]
    cost: int = 1


def _window(rate: Rate, now: float) -> tuple[int, int]:
    start = int(now // rate.seconds) * rate.seconds
    return start, start + rate.seconds


def _key(scope: str, who: str, rate: Rate, start: int) -> str:
    digest = hashlib.sha256(f"{scope}\0{who}".encode()).hexdigest()[:32]
    return f"throttle:{scope}:{digest}:{rate.seconds}:{start}"


def _add(key: str, delta: int, *, timeout: int) -> int:
    """Raise the counter at ``key`` by ``delta`` (creating it) and return the new value."""
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key, delta)
    except ValueError:
        # Expired between add and incr, or the cache is away (it fails open).
        cache.add(key, delta, timeout=timeout)
        return delta


def take(*claims: Claim, now: float | None = None) -> None:
    """Count every claim, or raise :class:`Throttled` (for the limit with the longest
    wait) and count none of them."""
    now = time.time() if now is None else now
    counted: list[tuple[str, int]] = []
    refusal: Throttled | None = None
    for claim in claims:
        for rate in claim.rates:
            start, end = _window(rate, now)
            key = _key(claim.scope, claim.who, rate, start)
            value = _add(key, claim.cost, timeout=rate.seconds + 60)
            counted.append((key, claim.cost))
            if value > rate.amount and (refusal is None or end - now > refusal.retry_after):
                refusal = Throttled(scope=claim.scope, rate=rate, retry_after=end - now)
    if refusal is not None:
        for key, cost in counted:
            try:
                cache.decr(key, cost)
            except ValueError:
                pass
        raise refusal


def count(claim: Claim, *, now: float | None = None) -> None:
    """Count ``claim`` without refusing (a failed guess)."""
    now = time.time() if now is None else now
    for rate in claim.rates:
        start, _end = _window(rate, now)
        _add(_key(claim.scope, claim.who, rate, start), claim.cost, timeout=rate.seconds + 60)


def refused(claim: Claim, *, now: float | None = None) -> Throttled | None:
    """Whether the failures counted so far have used up any rate (the refusal with the
    longest wait), without counting anything."""
    now = time.time() if now is None else now
    refusal = None
    for rate in claim.rates:
        start, end = _window(rate, now)
        if (cache.get(_key(claim.scope, claim.who, rate, start)) or 0) >= rate.amount:
            if refusal is None or end - now > refusal.retry_after:
                refusal = Throttled(scope=claim.scope, rate=rate, retry_after=end - now)
    return refusal


def network(address: str | None) -> str:
    """Who a client address counts as: an IPv4 address itself, an IPv6 address its /64
    (one subscriber is handed a whole /64 and may use any address in it). No address
    (a test client, a broken proxy) counts as one unknown client."""
    try:
        parsed = ipaddress.ip_address(address or "")
    except ValueError:
        return "unknown"
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def mailbox(email: str) -> str:
    """An e-mail address as counted: lower-case and without a ``+tag`` in its local part
    (``Budi+1@x.id`` and ``budi@x.id`` reach the same mailbox)."""
    email = email.strip().lower()
    local, at, domain = email.rpartition("@")
    return f"{local.split('+', 1)[0] or local}@{domain}" if at else email


def too_many(request: HttpRequest, refusal: Throttled, *, template: str = "429.html",
             context: dict | None = None) -> HttpResponse:
    """The 429 answer in the site's layout, with ``Retry-After`` and never cached.
    ``context`` may say ``why`` (the page's lead sentence); a refused form is told that
    what was typed is still there on Back."""
    context = {
        "retry_minutes": refusal.minutes,
        "retry_after": refusal.retry_after,
        "page_only": request.method != "POST",
    } | (context or {})
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(refusal.retry_after)
    response["Cache-Control"] = "private, no-store"
    return response
