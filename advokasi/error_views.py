"""Error answers in the site's layout and the visitor's language.

Django's default 400 view renders its template without the request (no menu, no
signed-in user) and gives the same words to every cause. The causes a person can meet
with an ordinary browser are a form that is too large, one with too many files, or a
file the upload parser cannot read (e.g. a file name of more than about 1,000 bytes);
each gets its own explanation, and a form's sender is told that the typed text is
still there on Back.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpResponseNotAllowed
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.views import defaults

from consultations.uploads import MAX_FILES

logger = logging.getLogger(__name__)


def _problem(exception) -> str:
    if isinstance(exception, TooManyFilesSent):
        return "too_many_files"
    if isinstance(exception, (RequestDataTooBig, TooManyFieldsSent)):
        return "too_big"
    if isinstance(exception, MultiPartParserError):
        return "unreadable_upload"
    return "other"


def bad_request(request, exception=None):
    context = {
        "problem": _problem(exception),
        "was_form": request.method == "POST",
        "max_files": settings.DATA_UPLOAD_MAX_NUMBER_FILES,
        "max_attachments": MAX_FILES,
        "max_text_bytes": settings.DATA_UPLOAD_MAX_MEMORY_SIZE,
    }
    try:
        return render(request, "400.html", context, status=400)
    except Exception:
        # A request broken enough to fail the layout (menu, session) still gets a 400.
        logger.exception("the 400 page could not be rendered with the site's layout")
        return defaults.bad_request(request, exception)


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
