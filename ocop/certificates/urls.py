from django.urls import path

from . import views

app_name = "certificates"
urlpatterns = [
    path("v/<str:certificate_id>", views.verify_page, name="verify"),
    path("v/<str:certificate_id>/", views.verify_page),
    path("certificates/", views.office, name="office"),
    path("certificates/export.xlsx", views.office_xlsx, name="office_xlsx"),
    path("certificates/decision/", views.decision_batch, name="decision_batch"),
    path("certificates/labels.pdf", views.labels, name="labels"),
    path("certificates/<str:certificate_id>/", views.detail, name="detail"),
    path("certificates/<str:certificate_id>/pdf/", views.certificate_pdf_view, name="pdf"),
    path("certificates/<str:certificate_id>/revoke/", views.revoke_view, name="revoke"),
]
