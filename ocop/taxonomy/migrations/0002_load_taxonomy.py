from django.db import migrations


def load(apps, schema_editor):
    from ocop.taxonomy.loader import load_taxonomy

    load_taxonomy(apps.get_model("taxonomy", "CriteriaVersion"), apps.get_model("taxonomy", "ProductGroup"))


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
