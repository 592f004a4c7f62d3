from django.urls import path

from . import views

app_name = "stats"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("register.xlsx", views.register_xlsx, name="register_xlsx"),
]
