"""Factories for users of every role. Passwords are the demo password unless given."""

import factory
from allauth.account.models import EmailAddress

from accounts.models import ApplicantProfile, Directorate, InstitutionType, Role, User

PASSWORD = "advokasi-demo"
# The authenticator-app secret of every staff account the factories make (staff must have
# one: accounts/two_factor.py); codes for it: ``pyotp.TOTP(TOTP_SECRET).now()``.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"pengguna{n}@contoh.go.id")
    full_name = factory.Faker("name", locale="id_ID")
    role = Role.APPLICANT
    language = "id"
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):  # noqa: N805
        """E-mail verified unless ``verified=False`` is passed."""
        if create and extracted is not False:
            EmailAddress.objects.update_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )


class ApplicantFactory(UserFactory):
    role = Role.APPLICANT
    profile = factory.RelatedFactory(
        "accounts.tests.factories.ApplicantProfileFactory", factory_related_name="user"
    )


class ApplicantProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicantProfile

    user = factory.SubFactory(UserFactory)
    phone = "+6281234567890"
    institution_name = "Dinas Pekerjaan Umum Kota Bandung"
    institution_type = InstitutionType.PEMDA


def directorate(code: str) -> Directorate:
    return Directorate.objects.get(code=code)


class InternalUserFactory(UserFactory):
    """Staff of a directorate by default; pass role= and directorate= to change.

    Enrolled in two-factor sign-in with ``TOTP_SECRET`` (staff pages require it), unless
    ``authenticator_app=False`` (a staff member who has yet to enrol)."""

    role = Role.STAFF
    directorate = factory.LazyFunction(lambda: directorate("pusat"))

    @factory.post_generation
    def authenticator_app(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted is not False:
            from accounts.two_factor import activate_authenticator_app

            activate_authenticator_app(obj, TOTP_SECRET)
