"""Full-text search structures, per database engine."""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE catalogue_fts USING fts5(name, body, content='catalogue_searchdoc', content_rowid='product_id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER catalogue_searchdoc_ai AFTER INSERT ON catalogue_searchdoc BEGIN "
    "INSERT INTO catalogue_fts(rowid, name, body) VALUES (new.product_id, new.name, new.body); END",
    "CREATE TRIGGER catalogue_searchdoc_ad AFTER DELETE ON catalogue_searchdoc BEGIN "
    "INSERT INTO catalogue_fts(catalogue_fts, rowid, name, body) VALUES ('delete', old.product_id, old.name, old.body); END",
    "CREATE TRIGGER catalogue_searchdoc_au AFTER UPDATE ON catalogue_searchdoc BEGIN "
    "INSERT INTO catalogue_fts(catalogue_fts, rowid, name, body) VALUES ('delete', old.product_id, old.name, old.body); "
    "INSERT INTO catalogue_fts(rowid, name, body) VALUES (new.product_id, new.name, new.body); END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS catalogue_searchdoc_au", "DROP TRIGGER IF EXISTS catalogue_searchdoc_ad",
    "DROP TRIGGER IF EXISTS catalogue_searchdoc_ai", "DROP TABLE IF EXISTS catalogue_fts",
]
POSTGRES = [
    "ALTER TABLE catalogue_searchdoc ADD COLUMN document tsvector GENERATED ALWAYS AS "
    "(setweight(to_tsvector('simple', name), 'A') || setweight(to_tsvector('simple', body), 'B')) STORED",
    "CREATE INDEX catalogue_searchdoc_document ON catalogue_searchdoc USING GIN (document)",
]
POSTGRES_REVERSE = ["DROP INDEX IF EXISTS catalogue_searchdoc_document", "ALTER TABLE catalogue_searchdoc DROP COLUMN document"]


def forward(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


def backward(apps, schema_editor):
    statements = {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
