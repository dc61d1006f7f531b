"""Deny by default: every view declares who may use it.

A view declares its audience with one of the decorators below (they work on function
views and on class-based views). ``AccessMiddleware`` enforces the declaration on every
request and refuses any view that declares nothing; the ``accounts.E001`` system check
refuses to start a project in which a URL pattern leads to such a view.

Third-party views (django-allauth's login flows, the Django admin) are declared in
``urls.py`` with :func:`delegate`, which names who enforces their access instead.

Object-level access (one applicant's case versus another's) is not decided here but by
one lookup helper per model that answers 404 for objects the user may not know exist.

Two-factor sign-in for staff is enforced here too, for the same reason: every view but
the public ones passes this gate, the admin's and allauth's included, so a staff member
without an authenticator app reaches only enrolment (``ENROLMENT_ROUTES``) and sign-out
(docs/decisions/0011-two-factor-for-staff.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, URLResolver
from django.utils.translation import gettext as _

from .roles import DIRECTORATE_ROLES, INTERNAL_ROLES, Role
from .two_factor import must_enrol

V = TypeVar("V", bound=Callable[..., Any] | type)


@dataclass(frozen=True)
class Access:
    """Who may use a view. ``roles=None`` means everybody, signed in or not."""

    roles: frozenset[str] | None
    verified_email: bool = False
    delegated_to: str = ""

    def describe(self) -> str:
        if self.delegated_to:
            return f"delegated: {self.delegated_to}"
        if self.roles is None:
            return "public"
        return ", ".join(sorted(self.roles)) + (" (verified e-mail)" if self.verified_email else "")


PUBLIC = Access(roles=None)
# The groupings of accounts/roles.py as plain strings, for declarations and descriptions.
ANY_SIGNED_IN = frozenset(r.value for r in Role)
# Everybody who works at LKPP, whatever the directorate.
INTERNAL = frozenset(r.value for r in INTERNAL_ROLES)
DIRECTORATE = frozenset(r.value for r in DIRECTORATE_ROLES)


def _declare(view: V, access: Access) -> V:
    view.access = access  # type: ignore[union-attr]
    return view


def public(view: V) -> V:
    """Anybody, including visitors who are not signed in."""
    return _declare(view, PUBLIC)


def signed_in(view: V) -> V:
    """Any signed-in user, whatever the role."""
    return _declare(view, Access(roles=ANY_SIGNED_IN))


def roles(*allowed: str | Iterable[str], verified_email: bool = False) -> Callable[[V], V]:
    """Only users with one of these roles (and, if asked, a verified e-mail address)."""
    flat: set[str] = set()
    for item in allowed:
        flat.update([item] if isinstance(item, str) else item)
    unknown = flat - ANY_SIGNED_IN
    if unknown or not flat:
        raise ValueError(f"unknown or empty roles: {sorted(unknown)}")
    access = Access(roles=frozenset(str(r) for r in flat), verified_email=verified_email)
    return lambda view: _declare(view, access)


def access_of(view: Callable[..., Any]) -> Access | None:
    declared = getattr(view, "access", None)
    if declared is None:
        declared = getattr(getattr(view, "view_class", None), "access", None)
    return declared if isinstance(declared, Access) else None


def delegate(urls: Any, *, to: str) -> Any:
    """Declare third-party URL patterns whose access their own code enforces.

    ``urls`` is what ``include()`` accepts (a module path, a list, or a
    ``(patterns, app_name, namespace)`` tuple such as ``admin.site.urls``); each view
    in it is wrapped so that it carries an :class:`Access` naming the enforcer.
    """
    from django.urls import include

    if isinstance(urls, tuple) and len(urls) == 3:  # admin.site.urls
        patterns, app_name, namespace = urls
        urls = include((patterns, app_name), namespace=namespace)
    else:
        urls = include(urls)
    urlconf_module, app_name, namespace = urls
    patterns = getattr(urlconf_module, "urlpatterns", urlconf_module)
    access = Access(roles=None, delegated_to=to)
    return (_wrap_patterns(patterns, access), app_name, namespace)


def _wrap_patterns(patterns: Iterable[URLPattern | URLResolver], access: Access) -> list:
    wrapped: list[URLPattern | URLResolver] = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            wrapped.append(
                URLResolver(
                    entry.pattern,
                    _wrap_patterns(entry.url_patterns, access),
                    entry.default_kwargs,
                    entry.app_name,
                    entry.namespace,
                )
            )
        else:
            callback = entry.callback

            def view(request, *args, __callback=callback, **kwargs):
                return __callback(request, *args, **kwargs)

            view.access = access  # type: ignore[attr-defined]
            view.__name__ = getattr(callback, "__name__", "view")
            view.__module__ = getattr(callback, "__module__", __name__)
            view.__wrapped__ = callback  # type: ignore[attr-defined]
            for attr in ("csrf_exempt", "login_required"):
                if hasattr(callback, attr):
                    setattr(view, attr, getattr(callback, attr))
            wrapped.append(URLPattern(entry.pattern, view, entry.default_args, entry.name))
    return wrapped


def has_verified_email(user: Any) -> bool:
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


# What a staff member without an authenticator app may open besides public pages:
# allauth's enrolment, the recovery codes it makes, re-authentication, and sign-out.
ENROLMENT_ROUTES = frozenset({
    "account_logout", "account_reauthenticate", "mfa_reauthenticate", "mfa_index",
    "mfa_activate_totp", "mfa_view_recovery_codes", "mfa_download_recovery_codes",
    "mfa_generate_recovery_codes",
})


def enrolment_first(request: HttpRequest, access: Access) -> HttpResponse | None:
    """Send a staff member without an authenticator app to enrolment, from any page that
    is not public (the admin's and allauth's included)."""
    if access == PUBLIC or not must_enrol(request):
        return None
    match = request.resolver_match
    if match is not None and match.url_name in ENROLMENT_ROUTES:
        return None
    return redirect("mfa_activate_totp")


def check_access(request: HttpRequest, access: Access) -> HttpResponse | None:
    """Return a refusal response, or None when the request may go on."""
    if (refusal := enrolment_first(request, access)) is not None:
        return refusal
    if access.roles is None:
        return None
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if user.role not in access.roles:
        raise PermissionDenied(_("Halaman ini tidak tersedia untuk peran Anda."))
    if access.verified_email and not has_verified_email(user):
        messages.warning(
            request,
            _("Verifikasi alamat e-mail Anda terlebih dahulu. Kami dapat mengirim ulang tautannya."),
        )
        return redirect("account_email")
    return None


class AccessMiddleware:
    """Enforces each view's declaration; refuses views that declare nothing."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        access = access_of(view_func)
        if access is None:
            # A programming error, caught by the system check before it gets here.
            raise PermissionDenied("This view declares no access rule.")
        return check_access(request, access)
