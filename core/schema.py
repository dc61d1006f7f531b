"""Migration operations that change an index and nothing else.

Django's ``AlterField`` for ``db_index=False`` on a foreign key drops the constraint and
adds it again, and PostgreSQL then checks every row of the table (a million cases: a
full scan under lock); for ``unique=True`` turned into a ``UniqueConstraint`` it drops the
unique index and builds it again. These write only what changed, and keep Django's
state what ``makemigrations`` would have made it:

- :func:`drop_field_index` — a field's own single-column index dropped (another index
  starts with the field, or a partial one replaces it);
- :func:`unique_field_to_constraint` — ``unique=True`` become a named
  ``UniqueConstraint``: on PostgreSQL the unique constraint is renamed and the
  ``varchar_pattern_ops`` index Django adds for ``LIKE 'prefix%'`` is dropped. On SQLite,
  which has neither the extra index nor constraint names, the table stays as it is (its
  column is unique either way; a rebuild of the table writes it from the state).
"""

from __future__ import annotations

from django.db import migrations, models


def _field_indexes(schema_editor, model, column: str) -> list[str]:
    """The plain indexes on exactly ``column`` (not unique, not a key)."""
    return schema_editor._constraint_names(model, [column], index=True, unique=False, primary_key=False)


def drop_field_index(app_label: str, model_name: str, name: str,
                     field: models.Field) -> migrations.SeparateDatabaseAndState:
    """``AlterField(model_name, name, field)`` (``field`` with ``db_index=False``) on
    ``app_label``'s model, whose
    only change in the database is that the field's index goes."""

    def forwards(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        column = model._meta.get_field(name).column
        for index in _field_indexes(schema_editor, model, column):
            schema_editor.execute(schema_editor._delete_index_sql(model, index))

    def backwards(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        schema_editor.execute(schema_editor._create_index_sql(model, fields=[model._meta.get_field(name)]))

    return migrations.SeparateDatabaseAndState(
        state_operations=[migrations.AlterField(model_name=model_name, name=name, field=field)],
        database_operations=[migrations.RunPython(forwards, backwards)],
    )


def unique_field_to_constraint(app_label: str, model_name: str, name: str, field: models.Field,
                               constraint: models.UniqueConstraint) -> migrations.SeparateDatabaseAndState:
    """``AlterField(model_name, name, field)`` (``field`` no longer ``unique``) and
    ``AddConstraint(model_name, constraint)`` (unique on that field alone), in the
    database a rename and one index fewer."""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        model = apps.get_model(app_label, model_name)
        column = model._meta.get_field(name).column
        table = schema_editor.quote_name(model._meta.db_table)
        for index in _field_indexes(schema_editor, model, column):  # the LIKE index
            schema_editor.execute(schema_editor._delete_index_sql(model, index))
        (unique,) = schema_editor._constraint_names(model, [column], unique=True, primary_key=False)
        schema_editor.execute(
            f"ALTER TABLE {table} RENAME CONSTRAINT {schema_editor.quote_name(unique)} "
            f"TO {schema_editor.quote_name(constraint.name)}"
        )

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        model = apps.get_model(app_label, model_name)
        old = model._meta.get_field(name)
        table = schema_editor.quote_name(model._meta.db_table)
        named = schema_editor._create_index_name(model._meta.db_table, [old.column], suffix="_uniq")
        schema_editor.execute(
            f"ALTER TABLE {table} RENAME CONSTRAINT {schema_editor.quote_name(constraint.name)} "
            f"TO {schema_editor.quote_name(named)}"
        )
        schema_editor.execute(
            schema_editor._create_index_sql(model, fields=[old], suffix="_like", opclasses=["varchar_pattern_ops"])
        )

    return migrations.SeparateDatabaseAndState(
        state_operations=[
            migrations.AlterField(model_name=model_name, name=name, field=field),
            migrations.AddConstraint(model_name=model_name, constraint=constraint),
        ],
        database_operations=[migrations.RunPython(forwards, backwards)],
    )

