"""Thumbnails for the photos uploaded before thumbnails were made at upload (once)."""

from django.core.files.storage import default_storage
from django.db import migrations


def make(apps, schema_editor):
    from ocop.core.images import thumbnails_make

    for name in apps.get_model("producers", "ProductPhoto").objects.values_list("image", flat=True):
        if name:
            thumbnails_make(storage=default_storage, name=name)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0004_ranking_texts_and_vocabulary"), ("producers", "0001_initial")]
    operations = [migrations.RunPython(make, migrations.RunPython.noop)]
