from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.people_list, name="list"),
    path("invite/", views.invite, name="invite"),
    path("history/", views.history, name="history"),
    path("<int:pk>/", views.act, name="act"),
]
