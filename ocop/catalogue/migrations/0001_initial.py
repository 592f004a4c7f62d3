from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = [("producers", "0001_initial")]
    operations = [
        migrations.CreateModel(
            name="SearchDoc",
            fields=[
                ("product", models.OneToOneField(on_delete=models.deletion.CASCADE, primary_key=True, related_name="search_doc",
                                                 serialize=False, to="producers.product")),
                ("name", models.TextField()),
                ("body", models.TextField()),
            ],
            options={"verbose_name": "search document"},
        ),
    ]
