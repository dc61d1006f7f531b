"""allauth's forms with our labels (ACCOUNT_FORMS).

allauth's "Password" label is translated by Django's own catalogue (listed first, so it
wins) as "Sandi", while its other labels say "Kata sandi"; the validators' help text
comes out in informal Indonesian. These subclasses give every field one consistent,
formal label and drop the placeholders, which only repeated the labels.

This module is separate from ``accounts.forms`` because allauth's ``SignupForm``
subclasses ``accounts.forms.SignupForm`` (ACCOUNT_SIGNUP_FORM_CLASS): importing
allauth's forms there would be circular.
"""

from __future__ import annotations

from allauth.account import forms as allauth_forms
from django.utils.translation import gettext_lazy as _

PASSWORD_HELP = _(
    "Paling sedikit 12 karakter, bukan kata sandi yang umum dipakai, tidak seluruhnya angka, "
    "dan tidak mirip dengan nama atau alamat e-mail Anda."
)

LABELS = {
    "login": _("Alamat e-mail"),
    "email": _("Alamat e-mail"),
    "password": _("Kata sandi"),
    "remember": _("Ingat saya di perangkat ini"),
    "oldpassword": _("Kata sandi saat ini"),
}
# The first new password of a form, and its repetition.
NEW_PASSWORD_LABELS = {
    "signup": (_("Kata sandi"), _("Ulangi kata sandi")),
    "set": (_("Kata sandi"), _("Ulangi kata sandi")),
    "change": (_("Kata sandi baru"), _("Ulangi kata sandi baru")),
}

PASSWORD_MISMATCH = _("Kedua kata sandi tidak sama. Ketik kata sandi yang sama dua kali.")


class _Relabel:
    password_kind = "set"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name in LABELS:
                field.label = LABELS[name]
            field.widget.attrs.pop("placeholder", None)
        first, again = NEW_PASSWORD_LABELS[self.password_kind]
        if "password1" in self.fields:
            self.fields["password1"].label = first
            self.fields["password1"].help_text = PASSWORD_HELP
        if "password2" in self.fields:
            self.fields["password2"].label = again
        if "password" in self.fields:
            # allauth's help text is an English-only "Forgot your password?" link; the
            # login page has its own link next to the button.
            self.fields["password"].help_text = ""

    def clean(self):
        cleaned = super().clean()
        # allauth compares the two passwords only when the first one passed validation,
        # so a weak password typed differently twice hid the second mistake: compare the
        # typed values here and report both, with one wording everywhere.
        if "password1" in self.fields and "password2" in self.fields:
            first = self.data.get(self.add_prefix("password1"), "")
            again = self.data.get(self.add_prefix("password2"), "")
            if first and again and first != again:
                self.errors.pop("password2", None)
                self.add_error("password2", PASSWORD_MISMATCH)
        return cleaned


class LoginForm(_Relabel, allauth_forms.LoginForm):
    pass


class SignupForm(_Relabel, allauth_forms.SignupForm):
    password_kind = "signup"


class AddEmailForm(_Relabel, allauth_forms.AddEmailForm):
    pass


class ChangePasswordForm(_Relabel, allauth_forms.ChangePasswordForm):
    password_kind = "change"


class SetPasswordForm(_Relabel, allauth_forms.SetPasswordForm):
    pass


class ResetPasswordForm(_Relabel, allauth_forms.ResetPasswordForm):
    pass


class ResetPasswordKeyForm(_Relabel, allauth_forms.ResetPasswordKeyForm):
    password_kind = "change"


class ReauthenticateForm(_Relabel, allauth_forms.ReauthenticateForm):
    pass
