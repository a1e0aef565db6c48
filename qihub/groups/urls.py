from django.urls import path

from qihub.groups import views

app_name = "groups"

urlpatterns = [
    path("", views.group_list, name="list"),
    path("mine/", views.mine, name="mine"),
    path("actions/<int:pk>/done/", views.action_done, name="action_done"),
    path("memberships/<int:pk>/<str:decision>/", views.membership_decide, name="decide"),
    path("<slug:slug>/", views.group_detail, name="detail"),
    path("<slug:slug>/apply/", views.apply, name="apply"),
    path("<slug:slug>/meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("<slug:slug>/manage/", views.manage, name="manage"),
    path("<slug:slug>/manage/grid/", views.grid, name="grid"),
    path("<slug:slug>/manage/invite/<int:person_pk>/", views.invite, name="invite"),
    path("<slug:slug>/manage/meetings/<int:pk>/attendance/", views.attendance, name="attendance"),
]
