"""Handing a stored file to the person a desk's view has already allowed to see it.

Always a download, never shown inline: even a file that fooled the upload checks cannot
run in the site's origin. The type is one of the allowed ones or a neutral octet
stream, and browsers are told not to guess another. Access is the calling view's job
(it looks the row up through its desk's selectors: 404 for a file the user may not know
exists); this module knows no desk.
"""

from __future__ import annotations

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404

from .checks import ALLOWED_TYPES

SAFE_TYPES = frozenset(file_type.content_type for file_type in ALLOWED_TYPES)


def download_response(stored: FieldFile, *, filename: str, content_type: str) -> FileResponse:
    """The response for a file the caller checked access to; 404 if the file is gone."""
    try:
        handle = stored.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    content_type = content_type if content_type in SAFE_TYPES else "application/octet-stream"
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
