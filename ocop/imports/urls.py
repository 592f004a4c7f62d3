from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("mau-danh-sach-ocop.xlsx", views.template, name="template"),
    path("<int:pk>/", views.job, name="job"),
    path("<int:pk>/import/", views.run_now, name="run_now"),
    path("<int:pk>/restart/", views.run_again, name="restart"),
    path("<int:pk>/report.xlsx", views.report_xlsx, name="report_xlsx"),
]
