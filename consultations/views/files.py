"""Downloads of attachments: only through this view, which checks access like the case
page does (``selectors.attachment_for``: 404 for a file of a case the user may not see)."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest
from django.views.decorators.http import require_safe

from accounts.access import signed_in
from consultations import selectors
from files.serving import download_response


@signed_in
@require_safe
def download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = selectors.attachment_for(request.user, pk=pk)
    return download_response(attachment.file, filename=attachment.original_name, content_type=attachment.content_type)
