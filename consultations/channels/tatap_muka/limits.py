"""How much the public walk-in form takes (issue 24: the form is not a relay).

Anybody may fill the form, and it mails the code to the address typed in. So it is
counted per client address (behind the configured proxies; an IPv6 client by its /64),
per target e-mail address, and the attachments' bytes per client address, against
``settings.THROTTLE_RATES`` (README, "Limits on the public doors"). Counted once the
form is valid and is not the same content sent again (``once.create_once`` answers a
replay before it creates anything, so a replay is neither counted nor refused); a
refused post saves, stores and mails nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from accounts.throttling import client_ip
from core import throttle
from core.throttle import Claim, Throttled
from files.checks import CheckedFile

FORM, EMAIL, BYTES = "walk_in_form", "walk_in_form_email", "walk_in_upload_bytes"


def _address(request: HttpRequest) -> str:
    return throttle.network(client_ip(request))


def _form_claim(request: HttpRequest) -> Claim:
    return Claim(FORM, _address(request), settings.THROTTLE_RATES["walk_in_form_per_address"])


def take(request: HttpRequest, *, email: str, files: Sequence[CheckedFile] = ()) -> None:
    """Count one form from this client to ``email`` with its files' bytes, or raise
    :class:`Throttled` counting none of them."""
    rates = settings.THROTTLE_RATES
    claims = [_form_claim(request), Claim(EMAIL, throttle.mailbox(email), rates["walk_in_form_per_email"])]
    if size := sum(item.size for item in files):
        claims.append(Claim(BYTES, _address(request), rates["walk_in_upload_bytes_per_address"], cost=size))
    throttle.take(*claims)


def used_up(request: HttpRequest) -> Throttled | None:
    """This client has sent all the forms it may for now: say so before they type one."""
    return throttle.refused(_form_claim(request))


def refused(request: HttpRequest, refusal: Throttled) -> HttpResponse:
    """The 429 page: what was used up, and that the desk serves them without the form."""
    why = {
        FORM: _("Formulir tatap muka sudah terlalu sering dikirim dari jaringan Anda."),
        EMAIL: _("Formulir tatap muka sudah terlalu sering dikirim untuk alamat e-mail ini."),
        BYTES: _("Lampiran yang dikirim dari jaringan Anda sudah mencapai batas hari ini. Kirim formulir tanpa "
                 "lampiran, atau bawa dokumennya saat datang."),
    }[refusal.scope]
    desk = _("Formulir ini tidak wajib: Anda tetap dapat datang langsung ke Sekretariat Pelayanan LKPP pada jam "
             "layanan, dan petugas akan mengisikan formulirnya untuk Anda.")
    return throttle.too_many(request, refusal, context={"why": f"{why} {desk}"})
