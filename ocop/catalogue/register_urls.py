"""The register's pages (namespace "producers", as the templates name them)."""

from django.urls import path

from ocop.producers import views as edits

from . import register_views as views

app_name = "producers"
urlpatterns = [
    path("", views.register, name="register"),
    path("products/<int:pk>/", views.product_detail, name="product"),
    path("products/<int:pk>/edit/", edits.product_edit, name="product_edit"),
    path("products/<int:pk>/trace/", views.product_trace, name="product_trace"),
    path("products/<int:pk>/trace/labels/", views.product_labels, name="product_labels"),
    path("producers/<int:pk>/", views.producer_detail, name="producer"),
    path("producers/<int:pk>/edit/", edits.producer_edit, name="producer_edit"),
    path("changes/", edits.change_requests, name="changes"),
]
