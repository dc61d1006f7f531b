"""The one-time form tokens move from consultations to core (issue 22: shared helpers
live in core). The table stays where it is: only Django's state moves."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("consultations", "0005_form_submission"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.CreateModel(
            name='FormSubmission',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('token', models.UUIDField(verbose_name='token formulir')),
                ('url', models.CharField(max_length=300, verbose_name='alamat hasil')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='dikirim pada')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'formulir terkirim',
                'verbose_name_plural': 'formulir terkirim',
                'db_table': 'consultations_formsubmission',
                'constraints': [models.UniqueConstraint(fields=('user', 'token'), name='form_submission_once')],
            },
        )]),
    ]
