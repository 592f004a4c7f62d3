from django.shortcuts import render

from .models import CriteriaVersion, ProductGroup


def index(request):
    groups = list(ProductGroup.objects.select_related("version", "maps_to__version").order_by("version__in_force_from", "position"))
    versions = list(CriteriaVersion.objects.all())
    for version in versions:
        version.tree = [g for g in groups if g.version_id == version.pk]
    mapped = [g for g in groups if g.depth <= 1 and g.version_id == versions[0].pk] if versions else []
    return render(request, "taxonomy/index.html", {"versions": versions, "mapped": mapped})
