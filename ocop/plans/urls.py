from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("national/", views.rollup, name="rollup"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/report.<str:fmt>", views.plan_report, name="report"),
    path("<int:pk>/disbursements/<int:item>/", views.disbursement_edit, name="disbursement"),
    path("<int:pk>/disbursements/history/", views.disbursement_history, name="disbursement_history"),
]
