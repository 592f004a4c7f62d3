from django.urls import path

from .views import dossiers as views

app_name = "dossiers"
urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.create, name="create"),
    path("vault/", views.vault, name="vault"),
    path("documents/<int:pk>/", views.download, name="download"),
    path("<int:pk>/", views.detail, name="detail"),
]
