"""A case need not have a portal account: its contact (name, e-mail, phone) is on the
case, linked to the account when there is one. Existing cases (all from the website)
get their contact from the applicant's account and profile."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def fill_contacts(apps, schema_editor):
    """One UPDATE for all cases (a migration over 100,000 rows must not take one query each)."""
    Consultation = apps.get_model("consultations", "Consultation")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    ApplicantProfile = apps.get_model("accounts", "ApplicantProfile")
    account = User.objects.filter(pk=OuterRef("applicant_id"))
    profile = ApplicantProfile.objects.filter(user_id=OuterRef("applicant_id"))
    Consultation.objects.filter(applicant__isnull=False).update(
        contact_name=Subquery(account.values("full_name")[:1]),
        contact_email=Subquery(account.values("email")[:1]),
        contact_phone=Coalesce(Subquery(profile.values("phone")[:1]), Value("")),
    )


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0005_site_name'),
        ('consultations', '0008_status_delivered'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='consultation',
            name='contact_email',
            field=models.EmailField(blank=True, max_length=254, verbose_name='e-mail pemohon'),
        ),
        migrations.AddField(
            model_name='consultation',
            name='contact_name',
            field=models.CharField(blank=True, max_length=200, verbose_name='nama pemohon'),
        ),
        migrations.AddField(
            model_name='consultation',
            name='contact_phone',
            field=models.CharField(blank=True, max_length=30, verbose_name='telepon pemohon'),
        ),
        migrations.AlterField(
            model_name='consultation',
            name='applicant',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='consultations', to=settings.AUTH_USER_MODEL, verbose_name='akun pemohon'),
        ),
        migrations.AlterField(
            model_name='consultation',
            name='category',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='consultations.category', verbose_name='kategori permasalahan'),
        ),
        migrations.AlterField(
            model_name='consultation',
            name='institution_name',
            field=models.CharField(blank=True, max_length=200, verbose_name='nama instansi/badan usaha'),
        ),
        migrations.AlterField(
            model_name='consultation',
            name='subject',
            field=models.CharField(blank=True, max_length=200, verbose_name='perihal'),
        ),
        migrations.RunPython(fill_contacts, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='consultation',
            constraint=models.CheckConstraint(condition=models.Q(('applicant__isnull', False), models.Q(('contact_name', ''), _negated=True), _connector='OR'), name='consultation_has_a_contact'),
        ),
    ]
