from django.contrib.sitemaps.views import sitemap
from django.urls import path, re_path

from . import views
from .sitemaps import SITEMAPS

app_name = "catalogue"
urlpatterns = [
    path("", views.home, name="home"),
    path("provinces/<str:code>/", views.province, name="province"),
    path("open-data/", views.open_data, name="open_data"),
    path("open-data/register.csv", views.register_csv, name="register_csv"),
    path("open-data/register.json", views.register_json, name="register_json"),
    path("open-data/register.xlsx", views.register_open_xlsx, name="register_xlsx"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots, name="robots"),
    path("check/", views.certificate_lookup, name="certificate_lookup"),
    path("report-fake/", views.report_fake, name="report_fake"),
    path("favicon.ico", views.favicon),
    # GS1 Digital Link-style traceability: /01/<GTIN>[/10/<lot>], else /p/<product code>[/10/<lot>]
    re_path(r"^01/(?P<gtin>\d{8,14})/?$", views.trace_by_gtin, name="trace_gtin"),
    re_path(r"^01/(?P<gtin>\d{8,14})/10/(?P<lot>[^/]{1,40})/?$", views.trace_by_gtin, name="trace_gtin_lot"),
    path("p/<str:key>/qr.svg", views.trace_qr, name="trace_qr"),
    re_path(r"^p/(?P<key>[^/]{1,40})/?$", views.trace_by_key, name="trace"),
    re_path(r"^p/(?P<key>[^/]{1,40})/10/(?P<lot>[^/]{1,40})/?$", views.trace_by_key, name="trace_lot"),
]
