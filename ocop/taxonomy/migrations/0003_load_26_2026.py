"""Decision 26/2026/QĐ-TTg: its version and product tree (Annex I), the mapping of the 148/2023
groups to it, star bands on every version (their one home) and the end of 148/2023 (20/07/2026).
The loader is idempotent: on a fresh database 0002 has already loaded the same files."""

from django.db import migrations


def load(apps, schema_editor):
    from ocop.taxonomy.loader import load_taxonomy

    load_taxonomy(apps.get_model("taxonomy", "CriteriaVersion"), apps.get_model("taxonomy", "ProductGroup"))


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0002_load_taxonomy")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
