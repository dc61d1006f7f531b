"""The search rows lose their directorate indexes (ADR 0013, "GIN at size").

SQLite rebuilds the table for the change and refuses to rename the new one while the
source tables' triggers name ``search_entry``: the index is taken down first and put back
(and refilled) after. PostgreSQL only drops the two indexes.
"""

import django.db.models.deletion
from django.db import migrations, models

from search import index


def _down_on_sqlite(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        index.uninstall(apps, schema_editor)


def _up_on_sqlite(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        index.install(apps, schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0009_two_factor_and_session_stamp'),
        ('search', '0002_full_text_index'),
    ]

    operations = [
        migrations.RunPython(_down_on_sqlite, _up_on_sqlite),
        migrations.RemoveIndex(
            model_name='entry',
            name='search_entry_dir_status',
        ),
        migrations.AlterField(
            model_name='entry',
            name='directorate',
            field=models.ForeignKey(db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='accounts.directorate'),
        ),
        migrations.RunPython(_up_on_sqlite, _down_on_sqlite),
    ]
