from django.urls import path

from .views import councils as views

app_name = "councils"
urlpatterns = [
    path("", views.sessions, name="sessions"),
    path("sessions/<int:pk>/", views.session, name="session"),
    path("items/<int:pk>/score/", views.score, name="score"),
]
