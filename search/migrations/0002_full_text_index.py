"""The staff search's index per database (search.index, ADR 0013 "Staff search"): the
triggers on the source tables, on PostgreSQL the generated tsvector with its GIN index,
on SQLite the FTS5 table; then every existing case and complaint indexed."""

from django.db import migrations

from search import index


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_entries"),
        ("consultations", "0020_answer_templates"),
        ("complaints", "0003_complaint_event_recomputed"),
    ]
    operations = [migrations.RunPython(index.install, index.uninstall)]
