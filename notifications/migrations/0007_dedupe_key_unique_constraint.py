"""The dedupe keys unique by a named constraint, without the ``LIKE 'prefix%'`` index
``unique=True`` brings on PostgreSQL (nothing searches them by prefix; every insert
wrote it). A rename and a dropped index in the database (``core.schema``)."""

from django.conf import settings
from django.db import migrations, models

from core.schema import unique_field_to_constraint


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('notifications', '0006_outboundemail_attachments'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        unique_field_to_constraint(
            'notifications', 'notice', 'dedupe_key',
            models.CharField(max_length=200, verbose_name='kunci unik'),
            models.UniqueConstraint(fields=('dedupe_key',), name='notice_dedupe_key_unique'),
        ),
        unique_field_to_constraint(
            'notifications', 'outboundemail', 'dedupe_key',
            models.CharField(max_length=200, verbose_name='kunci unik'),
            models.UniqueConstraint(fields=('dedupe_key',), name='outbox_dedupe_key_unique'),
        ),
    ]
