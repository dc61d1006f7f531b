"""Name the django.contrib.sites Site after the service, so allauth's e-mails do not
say "example.com". The domain comes from SITE_URL; an admin may change both later."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.color import no_style
from django.db import migrations

SITE_NAME = "E-Advokasi LKPP"


def site_domain() -> str:
    parts = urlsplit(settings.SITE_URL)
    return parts.netloc or parts.path or "127.0.0.1:8000"


def name_site(apps, schema_editor):
    Site = apps.get_model("sites", "Site")
    Site.objects.update_or_create(
        id=getattr(settings, "SITE_ID", 1), defaults={"name": SITE_NAME, "domain": site_domain()}
    )
    # An explicit id leaves PostgreSQL's sequence behind; Django's own default-site
    # handler resets it the same way.
    connection = schema_editor.connection
    sequence_sql = connection.ops.sequence_reset_sql(no_style(), [Site])
    if sequence_sql:
        with connection.cursor() as cursor:
            for statement in sequence_sql:
                cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_applicantprofile_phone_length"),
        ("sites", "0002_alter_domain_unique"),
    ]
    operations = [migrations.RunPython(name_site, migrations.RunPython.noop)]
