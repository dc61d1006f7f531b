"""Downloads of attachments: only through this view, which checks access like the case
page does (``selectors.attachment_for``: 404 for a file of a case the user may not see)."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_safe

from accounts.access import signed_in
from consultations import selectors
from consultations.uploads import ALLOWED_TYPES

SAFE_TYPES = frozenset(file_type.content_type for file_type in ALLOWED_TYPES)


@signed_in
@require_safe
def download(request: HttpRequest, pk: int) -> FileResponse:
    """Always a download, never shown inline: even a file that fooled the upload checks
    cannot run in the site's origin. The type is one of the allowed ones or a neutral
    octet stream, and browsers are told not to guess another."""
    attachment = selectors.attachment_for(request.user, pk=pk)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    content_type = attachment.content_type if attachment.content_type in SAFE_TYPES else "application/octet-stream"
    response = FileResponse(handle, as_attachment=True, filename=attachment.original_name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
