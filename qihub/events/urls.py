from django.urls import include, path

from qihub.events import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("past/", views.event_list_past, name="past"),
    path("feed.ics", views.feed, name="feed"),
    path("mine/", views.my_events, name="mine"),
    path("mine/<int:pk>/cancel/", views.my_cancel, name="my_cancel"),
    path("confirm/<str:token>/", views.visitor_confirm_view, name="confirm"),
    path("cancel/<str:token>/", views.cancel_view, name="cancel"),
    path("tickets/<str:code>/", views.ticket, name="ticket"),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/register/", views.event_register_view, name="register"),
    path("", include("qihub.events.urls_checkin")),
]
