from django.urls import path

from qihub.consultations.views import manage, public

app_name = "consultations"

urlpatterns = [
    path("", public.consultation_list, name="list"),
    path("confirm/<str:token>/", public.visitor_confirm_view, name="confirm"),
    path("opt-out/<str:token>/", public.opt_out, name="opt_out"),
    path("<slug:slug>/", public.consultation_detail, name="detail"),
    path("<slug:slug>/comments/", public.consultation_comments, name="comments"),
    path("<slug:slug>/take-part/", public.take_part, name="take_part"),
    path("<slug:slug>/response/", public.consultation_response, name="response"),
    path("<slug:slug>/manage/", manage.manage, name="manage"),
    path("<slug:slug>/manage/publish/", manage.manage_publish, name="manage_publish"),
    path("<slug:slug>/manage/comments/", manage.moderate, name="moderate"),
    path("<slug:slug>/manage/comments/<int:pk>/", manage.moderate_comment, name="moderate_comment"),
    path("<slug:slug>/manage/themes/", manage.manage_theme_add, name="theme_add"),
    path("<slug:slug>/manage/analysis/", manage.analysis, name="analysis"),
    path("<slug:slug>/manage/comments.csv", manage.export, {"fmt": "csv"}, name="export_csv"),
    path("<slug:slug>/manage/comments.xlsx", manage.export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("<slug:slug>/manage/response/", manage.response_edit, name="response_edit"),
]
