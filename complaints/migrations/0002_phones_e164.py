"""Complainants' phone numbers in the one stored form (E.164; ``accounts.phones``). A
number that does not parse is kept as it is and reported, never dropped."""

from django.db import migrations


def forwards(apps, schema_editor):
    from accounts.phones import convert_stored_phones

    convert_stored_phones(apps, [("complaints", "Complaint", "phone")])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0008_phones_e164"),
        ("complaints", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True),
    ]
