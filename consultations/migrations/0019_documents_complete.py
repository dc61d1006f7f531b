"""Documents complete (issue 23): the agenda number of a letter (per directorate and
year, given at the Director's receipt; letters received before are numbered here in the
order of their receipt), a disposition's urgency and classification, and the Director's
approval's "Sifat" and copies ("Tembusan") for the answer letter."""

from zoneinfo import ZoneInfo

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

WIB = ZoneInfo("Asia/Jakarta")


def number_received_letters(apps, schema_editor):
    IncomingLetter = apps.get_model("consultations", "IncomingLetter")
    AgendaCounter = apps.get_model("consultations", "AgendaCounter")
    last: dict[tuple[int, int], int] = {}
    received = (
        IncomingLetter.objects.filter(received_at__isnull=False, agenda_sequence__isnull=True)
        .select_related("consultation__directorate")
        .order_by("received_at", "pk")
    )
    for letter in received:
        directorate = letter.consultation.directorate
        year = letter.received_at.astimezone(WIB).year
        sequence = last[directorate.pk, year] = last.get((directorate.pk, year), 0) + 1
        letter.agenda_directorate, letter.agenda_year, letter.agenda_sequence = directorate, year, sequence
        letter.agenda_number = f"{sequence:04d}/{directorate.letter_code or directorate.code}/{year}"
        letter.save(update_fields=["agenda_directorate", "agenda_year", "agenda_sequence", "agenda_number"])
    for (directorate_id, year), number in last.items():
        AgendaCounter.objects.create(directorate_id=directorate_id, year=year, last_number=number)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0008_phones_e164'),
        ('consultations', '0018_form_submission_moves_to_core'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AgendaCounter',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='tahun')),
                ('last_number', models.PositiveIntegerField(default=0, verbose_name='nomor terakhir')),
            ],
            options={
                'verbose_name': 'penghitung nomor agenda',
                'verbose_name_plural': 'penghitung nomor agenda',
            },
        ),
        migrations.AddField(
            model_name='disposition',
            name='classification',
            field=models.CharField(choices=[('biasa', 'Biasa'), ('terbatas', 'Terbatas'), ('rahasia', 'Rahasia')], default='biasa', max_length=16, verbose_name='klasifikasi'),
        ),
        migrations.AddField(
            model_name='disposition',
            name='urgency',
            field=models.CharField(choices=[('biasa', 'Biasa'), ('segera', 'Segera'), ('sangat_segera', 'Sangat Segera')], default='biasa', max_length=16, verbose_name='kecepatan'),
        ),
        migrations.AddField(
            model_name='draftreview',
            name='copies',
            field=models.JSONField(blank=True, default=list, verbose_name='tembusan'),
        ),
        migrations.AddField(
            model_name='draftreview',
            name='nature',
            field=models.CharField(blank=True, choices=[('biasa', 'Biasa'), ('segera', 'Segera'), ('sangat_segera', 'Sangat Segera'), ('terbatas', 'Terbatas'), ('rahasia', 'Rahasia')], max_length=16, verbose_name='sifat surat'),
        ),
        migrations.AddField(
            model_name='incomingletter',
            name='agenda_directorate',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.directorate', verbose_name='direktorat agenda'),
        ),
        migrations.AddField(
            model_name='incomingletter',
            name='agenda_number',
            field=models.CharField(blank=True, max_length=40, verbose_name='nomor agenda'),
        ),
        migrations.AddField(
            model_name='incomingletter',
            name='agenda_sequence',
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name='nomor urut agenda'),
        ),
        migrations.AddField(
            model_name='incomingletter',
            name='agenda_year',
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='tahun agenda'),
        ),
        migrations.AddConstraint(
            model_name='incomingletter',
            constraint=models.UniqueConstraint(fields=('agenda_directorate', 'agenda_year', 'agenda_sequence'), name='letter_agenda_unique'),
        ),
        migrations.AddField(
            model_name='agendacounter',
            name='directorate',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='accounts.directorate', verbose_name='direktorat'),
        ),
        migrations.AddConstraint(
            model_name='agendacounter',
            constraint=models.UniqueConstraint(fields=('directorate', 'year'), name='agenda_counter_unique'),
        ),
    ]

Migration.operations.append(migrations.RunPython(number_received_letters, migrations.RunPython.noop))
