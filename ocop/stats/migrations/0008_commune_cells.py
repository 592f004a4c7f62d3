"""The catalogue's counts per commune kept ready: the product facts learn their producer's commune, and the commune
cells are counted from the facts already kept (the same values `aggregates.tally_communes` writes)."""

from django.db import migrations, models

CHUNK = 5000
COMMUNE_T = (1, 5, 9, 13)


def fill(apps, schema_editor):
    Facts = apps.get_model("stats", "StatsProductFacts")
    Cell = apps.get_model("stats", "StatsCommuneCell")
    Producer = apps.get_model("producers", "Producer")
    communes = dict(Producer.objects.exclude(commune=None).values_list("pk", "commune_id"))
    ids = list(Facts.objects.order_by("pk").values_list("pk", flat=True))
    cells: dict[tuple, list[int]] = {}
    with schema_editor.connection.cursor() as cursor:
        for start in range(0, len(ids), CHUNK):
            changed = []
            for pk, producer, rows in Facts.objects.filter(pk__in=ids[start:start + CHUNK]).values_list(
                    "pk", "producer_id", "rows"):
                commune = communes.get(producer) or ""
                if commune:
                    changed.append((commune, pk))
                for province, _year, _group, stars, status, _legal, pm, _qm in rows:
                    mask = pm if isinstance(pm, int) else pm[0]
                    acc = cells.setdefault((province, commune, stars, status == "in_force"), [0] * 5)
                    acc[0] += 1
                    for i, t in enumerate(COMMUNE_T, start=1):
                        acc[i] += mask >> t & 1
            table = schema_editor.connection.ops.quote_name(Facts._meta.db_table)
            cursor.executemany(f"UPDATE {table} SET commune = %s WHERE product_id = %s", changed)
    Cell.objects.bulk_create([Cell(province=key[0], commune=key[1], stars=key[2], in_force=key[3], n=acc[0], p1=acc[1],
                                   p5=acc[2], p9=acc[3], p13=acc[4]) for key, acc in sorted(cells.items())],
                             batch_size=2000)


class Migration(migrations.Migration):

    dependencies = [
        ('stats', '0007_postgresql_covering_facts'),
    ]

    operations = [
        migrations.AddField(
            model_name='statsproductfacts',
            name='commune',
            field=models.CharField(default='', max_length=5),
        ),
        migrations.CreateModel(
            name='StatsCommuneCell',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('province', models.CharField(max_length=2)),
                ('commune', models.CharField(max_length=5)),
                ('stars', models.PositiveSmallIntegerField()),
                ('in_force', models.BooleanField()),
                ('n', models.PositiveIntegerField(default=0)),
                ('p1', models.PositiveIntegerField(default=0)),
                ('p5', models.PositiveIntegerField(default=0)),
                ('p9', models.PositiveIntegerField(default=0)),
                ('p13', models.PositiveIntegerField(default=0)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('province', 'commune', 'stars', 'in_force'), name='stats_commune_cell_unique_key')],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
