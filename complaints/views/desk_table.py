"""The complaints desk's queue rows, written in Python once per page (issue 26).

As ``consultations/views/queue_table.py`` does for the staff queue: what a row does not
own — the column labels, the kind, channel and status names, the URL pattern, the
directorates' names — is worked out once per page, and each row is a few escaped
strings joined. The HTML is the template's (``data-label`` cells, the deadline badge,
the due time in WIB); every value from the database or a translation is escaped
(``html.escape``, as the template's autoescape does).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from html import escape

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from accounts import lookups as account_lookups
from core.deadline_rows import DeadlineMemo
from core.time import format_wib

from ..models import Channel, Complaint, Kind, Status

_PK_PLACEHOLDER = 987654321


def rows(complaints: Iterable[Complaint], *, now: datetime, with_directorate: bool) -> SafeString:
    """The ``<tr>`` of each complaint of a queue page: number (and its directorate's name,
    ``with_directorate``), kind, channel, status, deadline state and due time, handler.
    The complaints as ``selectors.desk_queue`` reads them (``handler_full_name``)."""
    kinds = {value: escape(str(label)) for value, label in Kind.choices}
    channels = {value: escape(str(label)) for value, label in Channel.choices}
    statuses = {value: escape(str(label)) for value, label in Status.choices}
    directorates = {d.pk: escape(d.localized_name) for d in account_lookups.directorates()} if with_directorate else {}
    url = reverse("complaints:detail", kwargs={"pk": _PK_PLACEHOLDER})
    url_head, url_tail = (escape(part) for part in url.split(str(_PK_PLACEHOLDER), 1))
    kind_label, channel_label, status_label = escape(_("Jenis")), escape(_("Saluran")), escape(_("Status"))
    due_label, handler_label = escape(_("Batas waktu")), escape(_("Pengelola"))
    deadline = DeadlineMemo(now)
    badges: dict[tuple[str, str], str] = {}  # (css, label): the badge, once per page
    out = []
    for complaint in complaints:
        d = deadline(complaint)
        badge = badges.get((d.css, d.label))
        if badge is None:
            badge = badges[(d.css, d.label)] = f'<span class="badge {escape(d.css)}">{escape(str(d.label))}</span>'
        directorate = (
            f'<div class="small text-body-secondary">{directorates.get(complaint.directorate_id, "")}</div>'
            if with_directorate else ""
        )
        out.append(
            f'<tr><th scope="row"><a href="{url_head}{complaint.pk}{url_tail}">{escape(complaint.number)}</a>'
            f"{directorate}</th>"
            f'<td data-label="{kind_label}">{kinds.get(complaint.kind) or escape(complaint.kind)}</td>'
            f'<td data-label="{channel_label}">{channels.get(complaint.channel) or escape(complaint.channel)}</td>'
            f'<td data-label="{status_label}">{statuses.get(complaint.status) or escape(complaint.status)}</td>'
            f'<td data-label="{due_label}">{badge} '
            f'<span class="small">{escape(format_wib(complaint.due_at))}</span></td>'
            f'<td data-label="{handler_label}">{escape(complaint.handler_full_name or "—")}</td></tr>'
        )
    return mark_safe("\n".join(out))  # noqa: S308 - every value escaped above
