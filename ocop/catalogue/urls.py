from django.contrib.sitemaps.views import sitemap
from django.urls import path

from . import views
from .sitemaps import SITEMAPS

app_name = "catalogue"
urlpatterns = [
    path("", views.home, name="home"),
    path("provinces/<str:code>/", views.province, name="province"),
    path("open-data/", views.open_data, name="open_data"),
    path("open-data/register.csv", views.register_csv, name="register_csv"),
    path("open-data/register.json", views.register_json, name="register_json"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots, name="robots"),
]
