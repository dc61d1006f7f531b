"""The articles' full-text index, per database (knowledge.fts, ADR 0013): on PostgreSQL a
generated tsvector column with a GIN index, on SQLite an FTS5 table kept by triggers.

A later migration that makes SQLite rebuild knowledge_article (most AlterField) drops the
triggers with the old table: it must end with RunPython(fts.install) again, which also
refills the FTS table.
"""

from django.db import migrations

from knowledge import fts


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_articles_and_synonyms")]
    operations = [migrations.RunPython(fts.install, fts.uninstall)]
