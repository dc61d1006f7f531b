"""Applicants' phone numbers in the one stored form (E.164; ``accounts.phones``). A
number that does not parse is kept as it is and reported, never dropped."""

from django.db import migrations


def forwards(apps, schema_editor):
    from accounts.phones import convert_stored_phones

    convert_stored_phones(apps, [("accounts", "ApplicantProfile", "phone")])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_directorate_letter_code"),
    ]

    operations = [
        # Backwards: E.164 is a valid way of typing a number; nothing to undo.
        migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True),
    ]
