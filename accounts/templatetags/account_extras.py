from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def minutes(value: timedelta | None) -> int | str:
    """Whole minutes of a timedelta (rounded up), for messages such as the lockout page."""
    if not isinstance(value, timedelta):
        return ""
    return -(-int(value.total_seconds()) // 60)


@register.filter
def phone(value: str) -> str:
    """A stored phone number (E.164) in the national form people read and dial."""
    from accounts.phones import national

    return national(value)
