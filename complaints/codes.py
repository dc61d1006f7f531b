"""Tracking codes: the complainant's only key to a complaint filed without an account.

``ADU-K7QM-3XRP-WD9H-2NTC``: 16 characters from an alphabet without 0/O, 1/I/L and U
(31 symbols), about 79 bits — not guessable, and not mistyped from a phone screen or a
printout. Only the SHA-256 of the normalized code is stored: the database does not hold
the key. People type codes with or without the prefix, dashes, spaces or lower case;
:func:`normalize` makes them all the same (and anything else None).
"""

from __future__ import annotations

import hashlib
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # no 0 O 1 I L U
GROUPS, GROUP_LENGTH = 4, 4
PREFIX = "ADU"


def new_code() -> str:
    symbols = "".join(secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP_LENGTH))
    groups = [symbols[i : i + GROUP_LENGTH] for i in range(0, len(symbols), GROUP_LENGTH)]
    return "-".join([PREFIX, *groups])


def normalize(typed: str) -> str | None:
    """The 16 symbols of a typed code, or None when it cannot be one."""
    if not typed or len(typed) > 64:
        return None
    compact = "".join(ch for ch in typed.upper() if ch.isalnum())
    if compact.startswith(PREFIX) and len(compact) == len(PREFIX) + GROUPS * GROUP_LENGTH:
        compact = compact[len(PREFIX) :]
    if len(compact) != GROUPS * GROUP_LENGTH or any(ch not in ALPHABET for ch in compact):
        return None
    return compact


def digest(code: str) -> str | None:
    """What is stored of a code (and looked up): None for what is not a code at all."""
    compact = normalize(code)
    return hashlib.sha256(compact.encode()).hexdigest() if compact else None


def display(code: str) -> str:
    """A typed code in the form it was given out (``ADU-K7QM-…``); as typed if it is none."""
    compact = normalize(code)
    if compact is None:
        return code
    groups = [compact[i : i + GROUP_LENGTH] for i in range(0, len(compact), GROUP_LENGTH)]
    return "-".join([PREFIX, *groups])
