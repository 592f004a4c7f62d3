from django.urls import path

from . import views

app_name = "promotion"
urlpatterns = [
    path("register/products/<int:pk>/inquiry/", views.inquiry_send, name="inquiry"),
    path("inquiries/", views.inbox, name="inbox"),
    path("inquiries/follow/<str:token>/", views.follow, name="follow"),
    path("promotion/", views.office, name="office"),
]
