import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.utils import translation

from .models import Role, User
from .services import complete_applicant_signup
from .two_factor import requires_second_factor


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

    def pre_authenticate(self, request, **credentials) -> None:
        """Failed passwords are counted by django-axes (per account and address), not
        here: allauth's "login_failed" limit is left to the two-factor code step."""

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """A staff member sent to enrolment right after typing the password is not asked
        for it again, neither to enrol nor to see the recovery codes enrolment makes;
        any later change of the second factor is (allauth's default)."""
        if app == "allauth.mfa" and self._enrolling_after_sign_in():
            return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def _enrolling_after_sign_in(self) -> bool:
        from allauth.account.internal.flows.login import get_authentication_records
        from allauth.mfa.models import Authenticator

        request = self.request or allauth_context.request
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not requires_second_factor(user):
            return False
        now = time.time()
        typed = [
            record["at"] for record in get_authentication_records(request, user)
            if record.get("method") == "password" and now - record.get("at", 0) < account_settings.REAUTHENTICATION_TIMEOUT
        ]
        if not typed:
            return False
        app_added = Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).values_list(
            "created_at", flat=True
        ).first()
        return app_added is None or app_added.timestamp() >= max(typed)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Write to a known user in the language they chose, not the one of the request
        that triggered the mail (an admin's, or a password reset from another browser)."""
        user = context.get("user")
        if not isinstance(user, User):
            user = User.objects.filter(email__iexact=email).first()
        language = user.language if user is not None else translation.get_language()
        with translation.override(language or settings.LANGUAGE_CODE):
            super().send_mail(template_prefix, email, context)
