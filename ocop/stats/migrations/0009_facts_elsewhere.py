"""The product facts learn whether a recognition of theirs was recorded outside the producer's province (what
`aggregates.producer_facts` writes), for the catalogue's walk along a province's stretch of its orders."""

from django.db import migrations, models
from django.db.models import F


def fill(apps, schema_editor):
    Facts = apps.get_model("stats", "StatsProductFacts")
    Recognition = apps.get_model("recognitions", "Recognition")
    away = Recognition.objects.exclude(province_id=F("product__producer__province_id")).values("product_id")
    Facts.objects.filter(product_id__in=away).update(elsewhere=True)


class Migration(migrations.Migration):

    dependencies = [
        ('stats', '0008_commune_cells'),
        ('recognitions', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='statsproductfacts',
            name='elsewhere',
            field=models.BooleanField(default=False),
        ),
        migrations.AddIndex(
            model_name='statsproductfacts',
            index=models.Index(fields=['elsewhere', 'product_id'], name='stats_facts_elsewhere'),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
