"""The door, feedback and report pages (included in the events URLs, under their namespace)."""

from django.urls import path

from qihub.events import views_checkin, views_feedback, views_report

urlpatterns = [
    path("<slug:slug>/door/", views_checkin.door, name="door"),
    path("<slug:slug>/door/ticket/", views_checkin.door_ticket, name="door_ticket"),
    path(
        "<slug:slug>/door/registration/<int:pk>/",
        views_checkin.door_registration,
        name="door_registration",
    ),
    path("<slug:slug>/door/walk-in/", views_checkin.door_walk_in, name="door_walk_in"),
    path("<slug:slug>/door/staff/", views_checkin.door_staff, name="door_staff"),
    path("<slug:slug>/report/", views_report.report, name="report"),
    path("<slug:slug>/report.csv", views_report.report_csv, name="report_csv"),
    # Last: an event whose address is "feedback" keeps its door page.
    path("feedback/<str:token>/", views_feedback.feedback, name="feedback"),
]
