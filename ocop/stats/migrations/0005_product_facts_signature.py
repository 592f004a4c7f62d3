"""The product facts' signature (a product with one recognition: its filter values), filled for the facts already
kept from their rows (the same values `aggregates.producer_facts` writes; products with several stay "")."""

from django.db import migrations, models

CHUNK = 5000


def fill(apps, schema_editor):
    Facts = apps.get_model("stats", "StatsProductFacts")
    Producer = apps.get_model("producers", "Producer")
    communes = dict(Producer.objects.values_list("pk", "commune_id"))
    ids = list(Facts.objects.order_by("pk").values_list("pk", flat=True))
    table = Facts._meta.db_table
    for start in range(0, len(ids), CHUNK):
        changed = []
        for pk, producer, rows in Facts.objects.filter(pk__in=ids[start:start + CHUNK]).values_list(
                "pk", "producer_id", "rows"):
            if len(rows) == 1:
                province, year, group, stars, status, *_rest = rows[0]
                changed.append((f"{province}|{stars}|{group}|{status}|{year}|{communes.get(producer) or ''}", pk))
        with schema_editor.connection.cursor() as cursor:
            cursor.executemany(f"UPDATE {table} SET signature = %s WHERE product_id = %s", changed)


class Migration(migrations.Migration):

    dependencies = [
        ("stats", "0004_postgresql_covering_cells"),
        ("producers", "0005_history_product_code"),
    ]

    operations = [
        migrations.AddField(
            model_name="statsproductfacts",
            name="signature",
            field=models.CharField(default="", max_length=100),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
