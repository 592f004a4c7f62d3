from django.urls import path

from . import channel_views, event_views, office_views, views

app_name = "promotion"
urlpatterns = [
    path("register/products/<int:pk>/inquiry/", views.inquiry_send, name="inquiry"),
    path("inquiries/", views.inbox, name="inbox"),
    path("inquiries/follow/<str:token>/", views.follow, name="follow"),
    path("promotion/", views.office, name="office"),
    # The office's records (offices only; each record looked up in the person's scope).
    path("promotion/points/", office_views.points, name="points"),
    path("promotion/points/new/", office_views.point_new, name="point_new"),
    path("promotion/points/<int:pk>/", office_views.point_edit, name="point_edit"),
    path("promotion/points/<int:pk>/delete/", office_views.point_delete, name="point_delete"),
    path("promotion/channels/", channel_views.channels, name="channels"),
    path("promotion/channels/new/", channel_views.channel_new, name="channel_new"),
    path("promotion/channels/<int:pk>/", channel_views.channel, name="channel"),
    path("promotion/channels/<int:pk>/edit/", channel_views.channel_edit, name="channel_edit"),
    path("promotion/channels/<int:pk>/delete/", channel_views.channel_delete, name="channel_delete"),
    path("promotion/distribution/", office_views.distribution, name="distribution"),
    path("promotion/listings/<int:pk>/", office_views.listing_edit, name="listing_edit"),
    path("promotion/listings/<int:pk>/delete/", office_views.listing_delete, name="listing_delete"),
    path("promotion/exports/", office_views.exports, name="exports"),
    path("promotion/exports/new/", office_views.export_new, name="export_new"),
    path("promotion/exports/<int:pk>/", office_views.export_edit, name="export_edit"),
    path("promotion/exports/<int:pk>/delete/", office_views.export_delete, name="export_delete"),
    path("promotion/events/", event_views.events, name="events"),
    path("promotion/events/new/", event_views.event_new, name="event_new"),
    path("promotion/events/<int:pk>/", event_views.event, name="event"),
    path("promotion/events/<int:pk>/edit/", event_views.event_edit, name="event_edit"),
    path("promotion/events/<int:pk>/delete/", event_views.event_delete, name="event_delete"),
    path("promotion/participations/<int:pk>/delete/", event_views.participation_delete, name="participation_delete"),
]
