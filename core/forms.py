"""What every desk's views share about forms."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms import Form


def add_domain_errors(form: Form, error: ValidationError) -> None:
    """A service's ValidationError (keyed by the field names the forms share) next to
    the field it is about; anything else above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)
