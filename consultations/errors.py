"""Domain errors of the consultation workflow.

Views translate them: :class:`NotAllowed` is a ``PermissionDenied`` (403 if nobody
catches it), :class:`InvalidTransition` means the case moved on meanwhile (show the
message and reload), :class:`SubmissionRateExceeded` and
:class:`MessageRateExceeded` are HTTP 429. Bad input is a plain
``django.core.exceptions.ValidationError`` keyed by field name, so forms can show it.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied


class ConsultationError(Exception):
    """Base of the workflow's own errors (not of ValidationError or PermissionDenied)."""


class InvalidTransition(ConsultationError):
    """The case is not in a status from which this step is allowed."""

    def __init__(self, current: str, target: str | None = None, *, action: str = "") -> None:
        self.current = current
        self.target = target
        self.action = action
        what = action or f"-> {target}"
        super().__init__(f"{what} is not allowed from status {current!r}")


class NotAllowed(PermissionDenied):
    """This actor may not take this step on this case."""


class RateExceeded(ConsultationError):
    """Too many of something in the last hour (HTTP 429 with ``Retry-After``)."""

    what = "requests"

    def __init__(self, *, limit: int, retry_after: timedelta) -> None:
        self.limit = limit
        self.retry_after = retry_after
        super().__init__(f"more than {limit} {self.what} per hour; retry after {retry_after}")


class SubmissionRateExceeded(RateExceeded):
    """Too many submissions by one applicant in the last hour (HTTP 429)."""

    what = "submissions"


class MessageRateExceeded(RateExceeded):
    """Too many messages from the applicant in the last hour, on this case
    (``per_case``) or on all their cases together (HTTP 429)."""

    what = "messages"

    def __init__(self, *, limit: int, retry_after: timedelta, per_case: bool) -> None:
        self.per_case = per_case
        super().__init__(limit=limit, retry_after=retry_after)
