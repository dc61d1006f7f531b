"""The complainant's pages: the web form (signed in or not), the code shown once, and
the tracking page by code — kind, status, deadline, the follow-up and the handler's
questions, never anybody's identity. Unknown and malformed codes get the same answer,
and a client that keeps guessing is refused for a while (``accounts.guessing``: one
counter for every page opened by a code)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language, get_supported_language_variant
from django.utils.translation import gettext as _

from accounts import guessing
from accounts.access import public, roles
from accounts.lookups import directorate
from accounts.models import Role
from core import once
from core.forms import add_domain_errors
from core.throttle import Throttled

from .. import codes, limits, selectors, services
from ..forms import ComplaintForm, LookupForm, ReplyForm
from ..models import Author, Complaint, ComplaintMessage, Status

SHOWN_ONCE = "complaint-code-shown-once"
OWN_CASES_SHOWN = 100
PER_PAGE = 30


def _private(response: HttpResponse) -> HttpResponse:
    """A page holding a tracking code: kept out of caches and of other sites' logs."""
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "same-origin"
    return response


def remember_code(request: HttpRequest, filed: services.Filed) -> None:
    request.session[SHOWN_ONCE] = {"code": filed.code, "number": filed.complaint.number,
                                   "due_at": filed.complaint.due_at.isoformat(), "email": bool(filed.complaint.email)}


def _language() -> str:
    """The page's language, as a complaint keeps it (one of ``settings.LANGUAGES``): its
    e-mails speak it."""
    try:
        return get_supported_language_variant(get_language() or settings.LANGUAGE_CODE)
    except LookupError:
        return settings.LANGUAGE_CODE


@public
def file(request: HttpRequest) -> HttpResponse:
    user = request.user if request.user.is_authenticated and request.user.role == Role.APPLICANT else None
    own = selectors.own_cases(user=user, limit=OWN_CASES_SHOWN) if user else []
    form = ComplaintForm(request.POST or None, own_cases=own)
    if request.method != "POST" and (refusal := limits.used_up(request, user)):
        return limits.refused(request, refusal)  # before they type a complaint that cannot be sent
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        filed = None

        def file_it():
            nonlocal filed
            # Counted here, not for the same complaint sent again (create_once answers it first).
            limits.take(request, user=user, email=data["email"])
            filed = services.file_complaint(
                kind=data["kind"], text=data["text"], directorate=data["directorate"],
                consultation_number=data.get("consultation_number", ""), complainant=user,
                name=data["name"], email=data["email"], phone=data["phone"], language=_language(),
            )
            return filed.complaint

        try:
            outcome = once.create_once(
                user=user, token=None, create=file_it,
                url=lambda complaint: reverse("complaints:own", kwargs={"pk": complaint.pk}) if user
                else reverse("complaints:lookup"),
                fingerprint=once.fingerprint("complaint", _sender(request, user, data), data["kind"], data["text"]),
            )
        except Throttled as refusal:
            return limits.refused(request, refusal)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            if outcome.replayed:
                return _filed_before(request, outcome, signed_in=user is not None, email=bool(data["email"]))
            remember_code(request, filed)
            return redirect("complaints:filed")
    return render(request, "complaints/file.html", {"form": form, "signed_in_applicant": user is not None},
                  status=400 if form.errors else 200)


def _sender(request: HttpRequest, user, data: dict) -> str:
    """Who sends, for telling a second post of the same complaint (Back, then send)
    from a new one: the account, else the e-mail address, else this browser."""
    if user is not None:
        return f"user:{user.pk}"
    if data["email"]:
        return f"email:{data['email']}"
    if request.session.session_key is None:
        request.session.save()
    return f"session:{request.session.session_key}"


def _filed_before(request: HttpRequest, outcome, *, signed_in: bool, email: bool) -> HttpResponse:
    """The same complaint sent again: the first one stands. A signed-in applicant is shown
    it; a visitor is told where the tracking code went (it is shown once)."""
    if signed_in:
        return once.replayed_outcome(request, outcome)
    if email:
        text = _("Pengaduan dengan isi yang sama sudah kami terima beberapa saat lalu, jadi tidak dicatat dua kali. "
                 "Kode pelacakannya sudah ditampilkan dan dikirim ke alamat e-mail Anda.")
    else:
        text = _("Pengaduan dengan isi yang sama sudah kami terima beberapa saat lalu, jadi tidak dicatat dua kali. "
                 "Gunakan kode pelacakan yang ditampilkan saat itu.")
    messages.info(request, text)
    return redirect(outcome.url)


@public
def filed(request: HttpRequest) -> HttpResponse:
    """The tracking code, once: read from the session and removed from it."""
    shown = request.session.pop(SHOWN_ONCE, None)
    if not shown:
        messages.info(request, _("Kode pelacakan hanya ditampilkan sekali. Gunakan kode yang Anda simpan atau yang "
                                 "dikirim ke e-mail Anda."))
        return redirect("complaints:lookup")
    shown["due_at"] = parse_datetime(shown["due_at"])
    return _private(render(request, "complaints/filed.html", {"shown": shown}))


def _refused(request: HttpRequest, refusal: Throttled) -> HttpResponse:
    """Too many unknown codes from this client: the tracking form's page says so, with
    ``Retry-After`` (429), for a right code too."""
    return _private(guessing.too_many(request, refusal, template="complaints/lookup.html",
                                      context={"form": LookupForm(), "blocked": True}))


def _unknown(request: HttpRequest, code: str) -> HttpResponse:
    """The same answer for an unknown code and for what cannot be a code at all, counted
    as a guess."""
    guessing.missed(request)
    form = LookupForm({"code": code[:64]})
    form.is_valid()
    form.add_error("code", _("Kode pelacakan tidak ditemukan. Periksa kembali kode yang Anda simpan atau yang "
                             "dikirim ke e-mail Anda (huruf besar atau kecil dan tanda hubung tidak berpengaruh)."))
    return _private(render(request, "complaints/lookup.html", {"form": form}, status=404))


@public
def lookup(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _private(render(request, "complaints/lookup.html", {"form": LookupForm()}))
    if refusal := guessing.refusal(request):
        return _refused(request, refusal)
    form = LookupForm(request.POST)
    if not form.is_valid():
        return _private(render(request, "complaints/lookup.html", {"form": form}, status=400))
    code = form.cleaned_data["code"]
    if selectors.find_by_code(code=code) is None:
        return _unknown(request, code)
    return redirect("complaints:track", code=codes.display(code))


def _complaint_page(request: HttpRequest, complaint, *, here: str, by_code: bool) -> HttpResponse:
    """The complainant's view of a complaint (by code, or their own signed in): kind,
    status, deadline, the follow-up and the handler's questions, never anybody's
    identity; while the handler waits, a form to answer, posted back to ``here``."""
    reply_form = ReplyForm(request.POST or None) if complaint.status == Status.WAITING else None
    if request.method == "POST" and reply_form is not None and reply_form.is_valid():
        try:
            services.reply(complaint=complaint, text=reply_form.cleaned_data["text"])
        except ValidationError as error:
            add_domain_errors(reply_form, error)
        else:
            messages.success(request, _("Keterangan Anda terkirim kepada Pengelola Pengaduan."))
            return redirect(here)
    # The conversation is read only if there is one (``_tracked`` says; otherwise assume
    # so), without the staff member's row it does not show ("complaint": the related
    # manager sets each message's complaint from it).
    conversation = (
        selectors.conversation(complaint=complaint).select_related(None).only("complaint", "author", "text", "at")
        if getattr(complaint, "has_messages", True) else ()
    )
    context = {
        "complaint": complaint,
        # The three directorates are kept per process (``accounts.lookups``): no join.
        "directorate": directorate(complaint.directorate_id),
        "here": here,
        "by_code": by_code,
        "conversation": [
            {"from_handler": m.author == Author.HANDLER, "text": m.text, "at": m.at} for m in conversation
        ],
        "reply_form": reply_form,
    }
    status = 400 if reply_form is not None and reply_form.errors else 200
    return _private(render(request, "complaints/track.html", context, status=status))


# What the tracking page reads of a complaint (``complaints/track.html`` and the deadline
# box): not the complaint's text nor anything of the complainant.
TRACKED_COLUMNS = (
    "kind", "channel", "status", "directorate", "received_at", "follow_up",
    "clock_started_at", "due_at", "completed_at", "completed_on_time", "breached_at",
)


def _tracked(code: str) -> Complaint | None:
    """``selectors.find_by_code`` narrowed to the tracking page (issue 26): the columns it
    shows, and whether the complaint has a conversation to read, in one query (the EXISTS
    as SQL: the ORM's ``Exists`` took longer to build than the query to run)."""
    digest = codes.digest(code)
    if digest is None:
        return None
    table, messages_table = Complaint._meta.db_table, ComplaintMessage._meta.db_table
    has_messages = RawSQL(f"EXISTS (SELECT 1 FROM {messages_table} WHERE complaint_id = {table}.id)", [],
                          output_field=BooleanField())
    found = Complaint.objects.filter(tracking_digest=digest).only(*TRACKED_COLUMNS).annotate(has_messages=has_messages)
    return next(iter(found.order_by()[:1]), None)  # the digest is unique


@public
def track(request: HttpRequest, code: str) -> HttpResponse:
    if refusal := guessing.refusal(request):
        return _refused(request, refusal)
    complaint = _tracked(code)
    if complaint is None:
        return _unknown(request, code)
    return _complaint_page(request, complaint, here=reverse("complaints:track", kwargs={"code": code}),
                           by_code=True)


@roles({Role.APPLICANT})
def mine(request: HttpRequest) -> HttpResponse:
    """A signed-in applicant's complaints filed from their account (anonymous ones are
    followed by code only)."""
    page = Paginator(selectors.own_complaints(user=request.user), PER_PAGE).get_page(request.GET.get("halaman"))
    return render(request, "complaints/mine.html", {"page": page})


@roles({Role.APPLICANT})
def own(request: HttpRequest, pk: int) -> HttpResponse:
    """One of them; somebody else's is a 404, like one that does not exist."""
    complaint = get_object_or_404(selectors.own_complaints(user=request.user), pk=pk)
    return _complaint_page(request, complaint, here=reverse("complaints:own", kwargs={"pk": pk}),
                           by_code=False)
