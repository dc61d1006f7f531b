"""Error answers in the site's layout and the visitor's language.

- 400: Django's default view renders its template without the request (no menu, no
  signed-in user) and gives the same words to every cause. The causes a person can meet
  with an ordinary browser are a form that is too large, one with too many files, or a
  file the upload parser cannot read (e.g. a file name of more than about 1,000 bytes);
  each gets its own explanation, and a form's sender is told that the typed text is
  still there on Back.
- 503 when the database cannot be reached, instead of a generic 500. Django turns an
  exception raised anywhere in the request, in a view or in a middleware (the session
  and user lookups of the first middlewares hit the database too), into a call of
  ``handler500`` inside the ``except`` block, so that handler sees the exception and
  answers every database outage the same way. A person who just sent a form must learn
  that it was NOT received, so that they send it again instead of waiting for an answer
  that will never come. That page needs no database: no request context (no user, no
  session), the language from the switch's cookie only.
"""

import logging
import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.template import loader
from django.utils import translation
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token

from files.checks import MAX_FILES

from .middleware import cookie_language

logger = logging.getLogger(__name__)

# Seconds a client (or a proxy's retry logic) should wait; a restart takes about this long.
RETRY_AFTER_SECONDS = 30


def database_unavailable(request) -> HttpResponse:
    language = cookie_language(request)
    with translation.override(language):
        body = loader.get_template("503.html").render({"LANGUAGE_CODE": language})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Content-Language"] = language
    response["Cache-Control"] = "no-store"
    return response


@requires_csrf_token
def handler500(request, template_name="500.html"):
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        return database_unavailable(request)
    return defaults.server_error(request, template_name)


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
