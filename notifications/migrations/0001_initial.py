"""The outbox, taken over from ``consultations`` with its rows: the table was renamed by
``consultations/migrations/0007_outbox_moves_to_notifications.py``; here the model enters
this app's state as it was (its foreign keys to the case and the event go in 0004)."""

import django.core.serializers.json
import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('consultations', '0007_outbox_moves_to_notifications'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='OutboundEmail',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('template', models.CharField(max_length=100, verbose_name='templat')),
                        ('recipient', models.EmailField(max_length=254, verbose_name='penerima')),
                        ('language', models.CharField(choices=[('id', 'Bahasa Indonesia'), ('en', 'English')], max_length=8, verbose_name='bahasa')),
                        ('context', models.JSONField(default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder, verbose_name='isi')),
                        ('dedupe_key', models.CharField(max_length=200, unique=True, verbose_name='kunci unik')),
                        ('status', models.CharField(choices=[('pending', 'Menunggu dikirim'), ('sending', 'Sedang dikirim'), ('sent', 'Terkirim'), ('failed', 'Gagal')], default='pending', max_length=10, verbose_name='status')),
                        ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='percobaan')),
                        ('last_error', models.TextField(blank=True, verbose_name='galat terakhir')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='dibuat')),
                        ('claimed_at', models.DateTimeField(blank=True, null=True, verbose_name='diambil pada')),
                        ('claim_token', models.CharField(blank=True, max_length=64, verbose_name='token klaim')),
                        ('next_attempt_at', models.DateTimeField(blank=True, null=True, verbose_name='percobaan berikutnya')),
                        ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='terkirim pada')),
                        ('consultation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='emails', to='consultations.consultation')),
                        ('event', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='emails', to='consultations.event')),
                    ],
                    options={
                        'verbose_name': 'e-mail keluar',
                        'verbose_name_plural': 'e-mail keluar',
                        'ordering': ['-created_at', '-id'],
                        'indexes': [models.Index(condition=models.Q(('status__in', ['pending', 'sending'])), fields=['status', 'created_at'], name='outbox_unsent_idx')],
                    },
                ),
            ],
        ),
    ]
