from django.urls import path

from qihub.competitions.views import entries, manage, panel, public, vote

app_name = "competitions"

urlpatterns = [
    path("", public.competition_list, name="list"),
    path("<slug:slug>/", public.competition_detail, name="detail"),
    path("<slug:slug>/turnout/", public.turnout, name="turnout"),
    path("<slug:slug>/turnout.json", public.turnout_json, name="turnout_json"),
    path("<slug:slug>/receipt/", public.receipt_check, name="receipt"),
    path("<slug:slug>/results/", public.results, name="results"),
    path("<slug:slug>/images/<int:pk>/", public.entry_image, name="image"),
    path("<slug:slug>/enter/", entries.entry_new, name="enter"),
    path("<slug:slug>/my-entries/", entries.my_entries, name="my_entries"),
    path("<slug:slug>/my-entries/<int:number>/edit/", entries.entry_edit, name="entry_edit"),
    path(
        "<slug:slug>/my-entries/<int:number>/withdraw/",
        entries.entry_withdraw_view,
        name="entry_withdraw",
    ),
    path("<slug:slug>/my-entries/<int:number>/team/", entries.entry_team, name="entry_team"),
    path(
        "<slug:slug>/my-entries/<int:number>/name-in-results/",
        entries.entry_name_in_results,
        name="entry_name_in_results",
    ),
    path(
        "<slug:slug>/team-invitations/<str:token>/",
        entries.team_invitation,
        name="team_invitation",
    ),
    path("<slug:slug>/panel/", panel.panel_index, name="panel"),
    path("<slug:slug>/panel/entries/<int:number>/", panel.panel_score, name="panel_score"),
    path(
        "<slug:slug>/panel/entries/<int:number>/conflict/",
        panel.panel_conflict,
        name="panel_conflict",
    ),
    path("<slug:slug>/panel/close/", panel.panel_close, name="panel_close"),
    path("<slug:slug>/panel/ranking/", panel.panel_shortlist, name="panel_shortlist"),
    path("<slug:slug>/vote/", vote.ballot, name="vote"),
    path("<slug:slug>/manage/", manage.manage, name="manage"),
    path("<slug:slug>/manage/phase/", manage.manage_phase, name="manage_phase"),
    path(
        "<slug:slug>/manage/entries/<int:number>/accept/",
        manage.manage_accept,
        name="manage_accept",
    ),
    path(
        "<slug:slug>/manage/entries/<int:number>/reject/",
        manage.manage_reject,
        name="manage_reject",
    ),
]
