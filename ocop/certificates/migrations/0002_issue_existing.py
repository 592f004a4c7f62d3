from django.db import migrations


def issue(apps, schema_editor):
    from ocop.certificates.ids import new_id

    Recognition = apps.get_model("recognitions", "Recognition")
    Certificate = apps.get_model("certificates", "Certificate")
    Event = apps.get_model("certificates", "Event")
    have = set(Certificate.objects.values_list("recognition_id", flat=True))
    used = set(Certificate.objects.values_list("public_id", flat=True))
    batch = []
    for pk in Recognition.objects.exclude(pk__in=have).values_list("pk", flat=True):
        public_id = new_id()
        while public_id in used:
            public_id = new_id()
        used.add(public_id)
        batch.append(Certificate(recognition_id=pk, public_id=public_id))
    Certificate.objects.bulk_create(batch, batch_size=2000)
    Event.objects.bulk_create(
        [Event(certificate=c, kind="issued", detail={}) for c in Certificate.objects.filter(recognition_id__in=[b.recognition_id for b in batch])],
        batch_size=2000,
    )


class Migration(migrations.Migration):
    dependencies = [("certificates", "0001_initial"), ("recognitions", "0001_initial")]
    operations = [migrations.RunPython(issue, migrations.RunPython.noop)]
