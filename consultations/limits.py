"""The limits of what one person may send, in one place.

Text lengths are constants: the forms put them on the fields (``maxlength`` and the
live counter) and the services check them again. The flood limits are settings so that
an operator can loosen them without a release; the defaults are what one honest
applicant never reaches (see docs/decisions/consultations-intake-limits.md).
"""

from __future__ import annotations

from django.conf import settings

# A question of 20,000 characters is about eight pages; longer material belongs in an
# attachment. At most 4 bytes a character in UTF-8 that is 80 KB, far below
# DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB), so the form, not the framework's bare 400,
# catches an over-long text and keeps what was typed.
DESCRIPTION_MAX_LENGTH = 20_000
MESSAGE_MAX_LENGTH = 10_000

MB = 1024 * 1024


def messages_per_case_per_hour() -> int:
    return settings.ADVOKASI_MESSAGES_PER_CASE_PER_HOUR


def messages_per_applicant_per_hour() -> int:
    return settings.ADVOKASI_MESSAGES_PER_APPLICANT_PER_HOUR


def case_attachment_bytes_max() -> int:
    return settings.ADVOKASI_CASE_ATTACHMENT_BYTES_MAX
