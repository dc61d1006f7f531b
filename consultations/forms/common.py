"""What the consultation forms share: the attachments field (checked by content), the
character counter's wording, the category choice."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from files.checks import ALLOWED_DESCRIPTION, ALLOWED_TYPES, MAX_FILE_SIZE, MAX_FILES, refused_names, validate_uploads

from ..models import AnswerKind, Category

ACCEPT = ",".join(
    [ext for file_type in ALLOWED_TYPES for ext in (file_type.extension, *file_type.also)]
    + [file_type.content_type for file_type in ALLOWED_TYPES]
)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


def _attachments_help_now() -> str:
    return gettext("Paling banyak %(max)d berkas, masing-masing paling besar %(size)d MB: %(types)s.") % {
        "max": MAX_FILES,
        "size": MAX_FILE_SIZE // (1024 * 1024),
        "types": ALLOWED_DESCRIPTION,
    }


# Fields are built when the form class is defined; formatting a lazy string there (``%``)
# would fix it in the language active at import. Lazy, it is formatted when shown.
_attachments_help = lazy(_attachments_help_now, str)


class AttachmentsField(forms.Field):
    """Up to five files, checked by content (``files.checks.validate_uploads``) and
    cleaned to ``CheckedFile`` values, whose messages name each refused file. After
    validation ``refused`` holds their names, so that a page shown again can say which
    files not to choose again without checking them a second time."""

    widget = MultipleFileInput
    refused: frozenset[str] = frozenset()

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Lampiran"))
        kwargs.setdefault("help_text", _attachments_help())
        super().__init__(**kwargs)
        self.widget.attrs.update({"multiple": True, "accept": ACCEPT})

    def to_python(self, data):
        if not data:
            return []
        if not isinstance(data, list | tuple):
            data = [data]
        return [item for item in data if item]

    def clean(self, value):
        """The files as :class:`files.checks.CheckedFile`: the typed value the services
        take, proof that each file passed the content check (they do not check again)."""
        uploads = super().clean(value)
        try:
            return validate_uploads(uploads, field="files")
        except ValidationError as exc:
            self.refused = refused_names(exc.error_dict["files"])
            raise ValidationError(exc.error_dict["files"]) from None


# static/js/char-counter.js shows "n of max characters" under every textarea that
# carries this attribute; the wording comes from here, in the page's language.
COUNTER = {"data-counter": _("%(count)s dari %(max)s karakter")}
TOO_LONG = _(
    "Teks ini terlalu panjang: paling banyak %(limit_value)d karakter, sekarang %(show_value)d. "
    "Persingkat teksnya atau lampirkan rinciannya sebagai berkas."
)


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Category) -> str:
        return obj.localized_name


class KindsField(forms.MultipleChoiceField):
    """The kinds of an output (saran, pendapat, rekomendasi, tindakan koreksi): at least
    one, none unknown, cleaned to the standard's order whatever order the form sent."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Jenis jawaban"))
        kwargs.setdefault("choices", AnswerKind.choices)
        kwargs.setdefault("error_messages", {"required": _("Pilih paling sedikit satu jenis jawaban.")})
        super().__init__(**kwargs)

    def clean(self, value) -> list[str]:
        return AnswerKind.in_order(super().clean(value))
