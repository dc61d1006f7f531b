from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils import translation

from .models import Role, User
from .services import complete_applicant_signup


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up creates applicants only; staff accounts are made by an admin."""

    def save_user(self, request, user, form, commit=True):
        # allauth fills in e-mail and password; the role is never taken from the form,
        # so a "role" posted by hand changes nothing.
        user = super().save_user(request, user, form, commit=False)
        user.role = Role.APPLICANT
        user.directorate = None
        user.is_superuser = False
        user.language = getattr(request, "LANGUAGE_CODE", None) or settings.LANGUAGE_CODE
        if not commit:
            return user
        if hasattr(form, "profile_values"):
            # The user row and the profile are written together, or not at all.
            complete_applicant_signup(
                user=user,
                full_name=form.cleaned_data["full_name"],
                language=user.language,
                **form.profile_values(),
            )
        else:
            user.save()
        return user

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Write to a known user in the language they chose, not the one of the request
        that triggered the mail (an admin's, or a password reset from another browser)."""
        user = context.get("user")
        if not isinstance(user, User):
            user = User.objects.filter(email__iexact=email).first()
        language = user.language if user is not None else translation.get_language()
        with translation.override(language or settings.LANGUAGE_CODE):
            super().send_mail(template_prefix, email, context)
