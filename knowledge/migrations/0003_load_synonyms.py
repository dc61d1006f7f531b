"""The synonym dictionary as shipped (knowledge/synonyms.txt) into the admin's table.
Only groups whose canonical word is missing are added: an edited group stays."""

from pathlib import Path

from django.db import migrations

FILE = Path(__file__).resolve().parent.parent / "synonyms.txt"


def load(apps, schema_editor):
    from knowledge.text import parse_line

    SynonymGroup = apps.get_model("knowledge", "SynonymGroup")
    for line in FILE.read_text(encoding="utf-8").splitlines():
        group = parse_line(line)
        if group:
            canonical, variants = group
            SynonymGroup.objects.get_or_create(canonical=canonical, defaults={"variants": ", ".join(variants)})


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0002_full_text_index")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
