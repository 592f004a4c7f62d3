"""On PostgreSQL, what a search reads of its matches' product facts (in force, stars, latest decision, signature)
read by an index-only scan on the product: the table's rows carry each product's contributions (JSON), so without
it the planner hashes the whole table for a few thousand matches (measured at 200,000 products: "chả cá", 8,153
matches, 67 → 34 ms). Needs the table vacuumed (the import does it after a large write; autovacuum otherwise).
SQLite reads the same columns through the key itself (0006: the key is the table's rowid)."""

from django.db import migrations

NAME = "stats_facts_search_pg"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{NAME}" ON "stats_statsproductfacts" ("product_id") '
                              'INCLUDE ("in_force", "stars_now", "newest", "signature")')


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{NAME}"')


class Migration(migrations.Migration):
    dependencies = [("stats", "0006_product_facts_rowid_key")]
    operations = [migrations.RunPython(create, drop)]
