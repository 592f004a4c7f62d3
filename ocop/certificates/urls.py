from django.urls import path

from . import mine, views

app_name = "certificates"
urlpatterns = [
    path("v/<str:certificate_id>", views.verify_page, name="verify"),
    path("v/<str:certificate_id>/", views.verify_page),
    path("start/", mine.start, name="start"),
    path("my/", mine.mine, name="mine"),
    path("my/renew/<str:certificate_id>/", mine.renewal_start, name="renewal_start"),
    path("certificates/", views.office, name="office"),
    path("certificates/export.xlsx", views.office_xlsx, name="office_xlsx"),
    path("certificates/decision/", views.decision_batch, name="decision_batch"),
    path("certificates/labels.pdf", views.labels, name="labels"),
    path("certificates/<str:certificate_id>/", views.detail, name="detail"),
    path("certificates/<str:certificate_id>/pdf/", views.certificate_pdf_view, name="pdf"),
    path("certificates/<str:certificate_id>/revocation.pdf", views.revocation_pdf_view, name="revocation_pdf"),
    path("certificates/<str:certificate_id>/revoke/", views.revoke_view, name="revoke"),
    path("certificates/<str:certificate_id>/case/", views.case_open, name="case_open"),
    path("certificates/<str:certificate_id>/case/<int:case_id>/close/", views.case_drop, name="case_drop"),
    path("certificates/<str:certificate_id>/re-evaluation/", views.reevaluation_filed, name="reevaluation_filed"),
]
