from django.db import migrations


def load(apps, schema_editor):
    from ocop.places.loader import load_places

    load_places(*(apps.get_model("places", name) for name in
                  ("Province", "Commune", "LegacyProvince", "LegacyDistrict", "LegacyCommune")))


class Migration(migrations.Migration):
    dependencies = [("places", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
