"""System check: every URL pattern leads to a view that declares who may use it."""

from __future__ import annotations

from collections.abc import Iterator

from django.core.checks import Error, Tags, register
from django.urls import URLPattern, URLResolver, get_resolver

from .access import access_of


def iter_patterns(
    patterns=None, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, URLPattern]]:
    """Yield (route, qualified name, pattern) for every URL pattern of the project."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            qualified = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from iter_patterns(entry.url_patterns, prefix + str(entry.pattern), qualified)
        else:
            name = f"{namespace}:{entry.name}" if namespace and entry.name else (entry.name or "")
            yield prefix + str(entry.pattern), name, entry


@register(Tags.security, Tags.urls)
def check_every_view_declares_access(app_configs, **kwargs) -> list[Error]:
    errors = []
    for route, name, pattern in iter_patterns():
        if access_of(pattern.callback) is None:
            errors.append(
                Error(
                    f"URL {route!r} ({name or 'unnamed'}) leads to a view that declares no access rule.",
                    hint="Decorate it with accounts.access.public, signed_in or roles(...), "
                    "or wrap third-party URLs with accounts.access.delegate().",
                    obj=pattern.lookup_str,
                    id="accounts.E001",
                )
            )
    return errors


@register(Tags.security, deploy=True)
def check_no_demo_authenticator(app_configs, **kwargs) -> list[Error]:
    """``check --deploy`` fails while an account holds the demo's published TOTP secret
    (seed_demo's personas copied into production); with DEBUG off its codes are refused
    anyway (accounts.two_factor.MFAAdapter)."""
    from django.conf import settings
    from django.db import DatabaseError

    from .two_factor import DEMO_TOTP_SECRET

    if settings.DEBUG:
        return []
    try:
        from allauth.mfa.models import Authenticator

        holders = list(
            Authenticator.objects.filter(type=Authenticator.Type.TOTP, data__secret=DEMO_TOTP_SECRET)
            .values_list("user__email", flat=True)[:20]
        )
    except DatabaseError:  # no database yet (a fresh install): nothing can hold it
        return []
    if not holders:
        return []
    return [
        Error(
            f"{len(holders)} account(s) use the demo authenticator secret of seed_demo: {', '.join(holders)}.",
            hint="Demo accounts do not belong in production: delete them, or reset their second "
            "factor in the admin.",
            id="accounts.E002",
        )
    ]
