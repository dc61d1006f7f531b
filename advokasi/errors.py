"""The answer when the database cannot be reached: 503, not a generic 500.

Django turns an exception raised anywhere in the request, in a view or in a middleware
(the session and user lookups of the first middlewares hit the database too), into a
call of ``handler500`` inside the ``except`` block, so this handler sees the exception
and answers every database outage the same way. A person who just sent a form must
learn that it was NOT received, so that they send it again instead of waiting for an
answer that will never come.

The page needs no database: no request context (no user, no session), the language
from the switch's cookie only.
"""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils import translation
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import server_error

# Seconds a client (or a proxy's retry logic) should wait; a restart takes about this long.
RETRY_AFTER_SECONDS = 30


def database_unavailable(request) -> HttpResponse:
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if language not in {code for code, _ in settings.LANGUAGES}:
        language = settings.LANGUAGE_CODE
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
    return server_error(request, template_name)
