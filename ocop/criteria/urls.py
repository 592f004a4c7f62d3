from django.urls import path

from . import views

app_name = "criteria"
urlpatterns = [
    path("criteria/", views.sheet_list, name="list"),
    path("criteria/import/", views.sheet_import_view, name="import"),
    path("criteria/<str:reference>/", views.sheet_detail, name="detail"),
    path("criteria/<str:reference>/xlsx/", views.sheet_xlsx, name="xlsx"),
    path("assess/", views.assess_start, name="assess_start"),
    path("assess/product/<int:pk>/", views.assess_product, name="assess_product"),
    path("assess/product/<int:pk>/xlsx/", views.assess_product_xlsx, name="assess_product_xlsx"),
    path("assess/sheet/<str:reference>/", views.assess_sheet, name="assess_sheet"),
]
