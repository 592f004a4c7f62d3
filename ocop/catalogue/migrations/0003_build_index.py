from django.db import migrations


def build(apps, schema_editor):
    """The documents are built by 0004 (the search code writes columns that 0004 adds)."""


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0002_fulltext"), ("recognitions", "0001_initial"), ("places", "0002_load_map")]
    operations = [migrations.RunPython(build, migrations.RunPython.noop)]
