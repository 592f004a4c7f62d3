"""The 26 official score sheets of Decision 26/2026/QĐ-TTg (Annex II). Loading the repository's
set files again also gives the 148/1048 sheets a new version where their document changed
(effort classes on every option, bands from the criteria version); identical ones are kept."""

from django.db import migrations


def load(apps, schema_editor):
    from ocop.criteria.loader import load_criteria_sets

    load_criteria_sets(
        apps.get_model("criteria", "Sheet"), apps.get_model("taxonomy", "CriteriaVersion"),
        apps.get_model("taxonomy", "ProductGroup"),
    )


class Migration(migrations.Migration):
    dependencies = [("criteria", "0003_assessment_knockouts"), ("taxonomy", "0003_load_26_2026")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
