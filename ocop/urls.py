from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.decorators.cache import cache_control
from django.views.static import serve

from ocop.api import api
from ocop.core.views import healthz

urlpatterns = [
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("login/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", include("ocop.accounts.urls")),
    path("", include("ocop.catalogue.urls")),
    path("", include("ocop.promotion.urls")),
    path("dashboard/", include("ocop.stats.urls")),
    path("register/", include("ocop.catalogue.register_urls")),
    path("imports/", include("ocop.imports.urls")),
    path("groups/", include("ocop.taxonomy.urls")),
    path("", include("ocop.criteria.urls")),
    path("", include("ocop.certificates.urls")),
    path("notifications/", include("ocop.notifications.urls")),
    path("plans/", include("ocop.plans.urls")),
    path("people/", include("ocop.people.urls")),
    path("monitoring/", include("ocop.monitoring.urls")),
    path("dossiers/", include("ocop.evaluation.urls_dossiers")),
    path("councils/", include("ocop.evaluation.urls_councils")),
    path("healthz", healthz, name="healthz"),
]

if settings.OCOP_SERVE_MEDIA:
    # Public uploads (product photos) from the local media folder; behind a proxy, let it serve /media/ itself
    # (docs/deploy.md) and set OCOP_SERVE_MEDIA=0. Private files (the vault) are never under MEDIA_ROOT.
    urlpatterns += [path("media/<path:path>", cache_control(public=True, max_age=86400)(serve),
                         {"document_root": settings.MEDIA_ROOT})]
