from django.urls import path

from .views import councils as views

app_name = "councils"
urlpatterns = [
    path("", views.sessions, name="sessions"),
    path("setup/", views.setup, name="setup"),
    path("<int:pk>/", views.council, name="council"),
    path("sessions/<int:pk>/", views.session, name="session"),
    path("sessions/<int:pk>/minutes.pdf", views.minutes_pdf, name="minutes"),
    path("items/<int:pk>/score/", views.score, name="score"),
    path("items/<int:pk>/sheet/<int:member_pk>.pdf", views.score_sheet_pdf, name="score_sheet"),
]
