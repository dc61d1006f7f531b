"""The three directorates of the standard (SPEC.md); users never create them."""

from django.db import migrations

DIRECTORATES = [
    ("pusat", "Direktorat Advokasi Pemerintah Pusat", "Directorate of Central Government Advocacy",
     "(021) 29912450 ext 0305"),
    ("daerah", "Direktorat Advokasi Pemerintah Daerah", "Directorate of Regional Government Advocacy",
     "(021) 29912450 ext 0308"),
    ("hukum", "Direktorat Penanganan Permasalahan Hukum", "Directorate of Legal Problem Handling",
     "(021) 29912450 ext 0311"),
]


def create(apps, schema_editor):
    Directorate = apps.get_model("accounts", "Directorate")
    for code, name, name_en, phone in DIRECTORATES:
        Directorate.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "phone": phone}
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
