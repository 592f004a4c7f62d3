from django.urls import path

from .views import dossiers as views
from .views import office

app_name = "dossiers"
urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.create, name="create"),
    path("vault/", views.vault, name="vault"),
    path("todo/", office.todo, name="todo"),
    path("rounds/", office.rounds, name="rounds"),
    path("rounds/<int:pk>/", office.round_detail, name="round"),
    path("calendar/", office.calendar, name="calendar"),
    path("decisions/<int:pk>/", office.decision, name="decision"),
    path("decisions/<int:pk>/signed.pdf", office.decision_file, name="decision_file"),
    path("documents/<int:pk>/", views.download, name="download"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/self-assessment/", views.assessment, name="assessment"),
    path("<int:pk>/forms/", views.forms_edit, name="forms"),
    path("<int:pk>/forms/<str:number>.<str:fmt>", views.paper, name="paper"),
]
