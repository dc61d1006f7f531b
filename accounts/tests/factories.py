"""Factories for users of every role. Passwords are the demo password unless given."""

import factory
from allauth.account.models import EmailAddress

from accounts.models import ApplicantProfile, Directorate, InstitutionType, Role, User

PASSWORD = "advokasi-demo"


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
    """Staff of a directorate by default; pass role= and directorate= to change."""

    role = Role.STAFF
    directorate = factory.LazyFunction(lambda: directorate("pusat"))
