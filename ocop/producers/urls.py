from django.urls import path

from . import views

app_name = "producers"
urlpatterns = [
    path("", views.register, name="register"),
    path("products/<int:pk>/", views.product_detail, name="product"),
    path("products/<int:pk>/edit/", views.product_edit, name="product_edit"),
    path("producers/<int:pk>/", views.producer_detail, name="producer"),
    path("producers/<int:pk>/edit/", views.producer_edit, name="producer_edit"),
]
