"""How much the public complaint form takes (issue 24: the form is not a relay).

Without an account, anybody may file, and the tracking code goes to the address typed
in: counted per client address (behind the configured proxies; an IPv6 client by its
/64) and per target e-mail address when one is given, against
``settings.THROTTLE_RATES`` (README, "Limits on the public doors").

A signed-in applicant is known and their e-mails go to their account's own address,
which the form cannot change: they are counted per account instead of per client
address, at the same rates — an office's shared address (a ministry behind one NAT)
does not refuse a known person because strangers used it up, and one account still
cannot flood the desk.

Counted once the form is valid and is not the same complaint sent again
(``once.create_once`` answers a replay before it files anything); a refused post files
and mails nothing (the tracking-code guesses are counted apart, ``accounts.guessing``).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.throttling import client_ip
from core import throttle
from core.throttle import Claim, Throttled

FORM, EMAIL, ACCOUNT = "complaint_form", "complaint_form_email", "complaint_form_account"


def _claim(request: HttpRequest, user: User | None) -> Claim:
    rates = settings.THROTTLE_RATES["complaint_form_per_address"]
    if user is not None:
        return Claim(ACCOUNT, str(user.pk), rates)
    return Claim(FORM, throttle.network(client_ip(request)), rates)


def take(request: HttpRequest, *, user: User | None, email: str) -> None:
    """Count one complaint, or raise :class:`Throttled` counting nothing."""
    claims = [_claim(request, user)]
    if user is None and email:
        claims.append(Claim(EMAIL, throttle.mailbox(email), settings.THROTTLE_RATES["complaint_form_per_email"]))
    throttle.take(*claims)


def used_up(request: HttpRequest, user: User | None) -> Throttled | None:
    """All the complaints this client may file for now are filed: say so before they type."""
    return throttle.refused(_claim(request, user))


def refused(request: HttpRequest, refusal: Throttled) -> HttpResponse:
    why = {
        FORM: _("Formulir pengaduan sudah terlalu sering dikirim dari jaringan Anda. Tunggu sampai waktu di bawah "
                "ini, atau masuk dengan akun pemohon: pengaduan dari akun dihitung per akun, bukan per jaringan."),
        EMAIL: _("Formulir pengaduan sudah terlalu sering dikirim untuk alamat e-mail ini. Tunggu sampai waktu di "
                 "bawah ini, atau kirim pengaduan tanpa alamat e-mail dan simpan kode pelacakan yang ditampilkan."),
        ACCOUNT: _("Akun Anda sudah terlalu sering mengirim pengaduan dalam waktu singkat. Tunggu sampai waktu di "
                   "bawah ini."),
    }[refusal.scope]
    return throttle.too_many(request, refusal, context={"why": why})
