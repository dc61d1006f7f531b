"""Project-wide middleware.

Language selection (``LanguageMiddleware``): Bahasa Indonesia first. Django's LocaleMiddleware would follow the browser's Accept-Language header, so most
visitors (whose browsers say en-US) would get English. The standard is an Indonesian
public service: the language is the signed-in user's saved preference, else the
visitor's explicit choice (the language switch's cookie), else Indonesian.
"""

from django.conf import settings
from django.http import HttpResponseNotAllowed
from django.shortcuts import render
from django.utils import translation


def supported_language(code: str | None) -> str:
    """``code`` if the site speaks it, else Indonesian."""
    return code if code in {c for c, _ in settings.LANGUAGES} else settings.LANGUAGE_CODE


def cookie_language(request) -> str:
    """The visitor's explicit choice (the language switch's cookie): what a page that
    cannot look the user up (the database is away) goes by."""
    return supported_language(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            language = supported_language(user.language)
        else:
            language = cookie_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary = response.headers.get("Vary", "")
        if "Cookie" not in patch_vary:
            response.headers["Vary"] = f"{patch_vary}, Cookie" if patch_vary else "Cookie"
        translation.deactivate()
        return response


class MethodNotAllowedPageMiddleware:
    """Django answers a GET to a POST-only address with an empty 405. People meet it
    after a refused form (the page with the errors keeps the form's address) when they
    open that address again; they get a page in the site's layout instead."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if isinstance(response, HttpResponseNotAllowed) and not response.content:
            page = render(request, "405.html", {"was_form": False}, status=405)
            page["Allow"] = response["Allow"]
            return page
        return response
