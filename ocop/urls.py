from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
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
    path("monitoring/", include("ocop.monitoring.urls")),
    path("dossiers/", include("ocop.evaluation.urls_dossiers")),
    path("councils/", include("ocop.evaluation.urls_councils")),
    path("healthz", healthz, name="healthz"),
]

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
