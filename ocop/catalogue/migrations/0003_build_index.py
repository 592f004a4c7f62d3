from django.db import migrations


def build(apps, schema_editor):
    from ocop.catalogue.search import refresh

    Product = apps.get_model("producers", "Product")
    if Product.objects.exists():
        refresh()


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0002_fulltext"), ("recognitions", "0001_initial"), ("places", "0002_load_map")]
    operations = [migrations.RunPython(build, migrations.RunPython.noop)]
