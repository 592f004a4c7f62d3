"""The words as written beside the folded search text (for ranking), and the vocabulary for typo tolerance:
on PostgreSQL with the pg_trgm extension (enabled here) and a trigram index; on SQLite rapidfuzz reads it."""

from django.db import migrations, models

# Adding columns makes SQLite copy the table, which drops its triggers: they are made again, and the index rebuilt.
SQLITE = [
    "DROP TRIGGER IF EXISTS catalogue_searchdoc_ai", "DROP TRIGGER IF EXISTS catalogue_searchdoc_ad",
    "DROP TRIGGER IF EXISTS catalogue_searchdoc_au",
    "CREATE TRIGGER catalogue_searchdoc_ai AFTER INSERT ON catalogue_searchdoc BEGIN "
    "INSERT INTO catalogue_fts(rowid, name, body) VALUES (new.product_id, new.name, new.body); END",
    "CREATE TRIGGER catalogue_searchdoc_ad AFTER DELETE ON catalogue_searchdoc BEGIN "
    "INSERT INTO catalogue_fts(catalogue_fts, rowid, name, body) VALUES ('delete', old.product_id, old.name, old.body); END",
    "CREATE TRIGGER catalogue_searchdoc_au AFTER UPDATE ON catalogue_searchdoc BEGIN "
    "INSERT INTO catalogue_fts(catalogue_fts, rowid, name, body) VALUES ('delete', old.product_id, old.name, old.body); "
    "INSERT INTO catalogue_fts(rowid, name, body) VALUES (new.product_id, new.name, new.body); END",
    "INSERT INTO catalogue_fts(catalogue_fts) VALUES ('rebuild')",
]
POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX catalogue_searchterm_trgm ON catalogue_searchterm USING GIN (word gin_trgm_ops)",
]
POSTGRES_REVERSE = ["DROP INDEX IF EXISTS catalogue_searchterm_trgm"]


def forward(apps, schema_editor):
    for sql in {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRES_REVERSE:
            schema_editor.execute(sql)


def rebuild(apps, schema_editor):
    from ocop.catalogue.search import refresh

    if apps.get_model("producers", "Product").objects.exists():
        refresh()


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0003_build_index")]
    operations = [
        migrations.AddField("searchdoc", "name_text", models.TextField(default="")),
        migrations.AddField("searchdoc", "place_text", models.TextField(default="")),
        migrations.AddField("searchdoc", "other_text", models.TextField(default="")),
        migrations.CreateModel(
            name="SearchTerm",
            fields=[
                ("word", models.CharField(max_length=40, primary_key=True, serialize=False)),
                ("form", models.CharField(max_length=40)),
                ("weight", models.PositiveIntegerField(default=1)),
            ],
            options={"verbose_name": "search vocabulary word"},
        ),
        migrations.RunPython(forward, backward),
        migrations.RunPython(rebuild, migrations.RunPython.noop),
    ]
