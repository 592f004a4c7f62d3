from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("<int:pk>/", views.job, name="job"),
]
