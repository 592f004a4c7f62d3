from django.db import migrations


def load(apps, schema_editor):
    from ocop.criteria.loader import load_criteria_sets

    load_criteria_sets(
        apps.get_model("criteria", "Sheet"), apps.get_model("taxonomy", "CriteriaVersion"),
        apps.get_model("taxonomy", "ProductGroup"),
    )


class Migration(migrations.Migration):
    dependencies = [("criteria", "0001_initial"), ("taxonomy", "0002_load_taxonomy")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
