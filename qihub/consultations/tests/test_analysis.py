"""The analysis counts who was heard, against the roster, and the export is formula-safe."""

import csv
import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from qihub.consultations.models import Comment
from qihub.consultations.selectors import analysis_for
from qihub.consultations.services import Contribution, contribution_submit, visitor_confirm
from qihub.consultations.services.taking_part import visitor_confirm_token
from qihub.core.models import User
from qihub.core.tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def test_counts_rates_and_agreement(consultation, staff_user, public_user):
    team = staff_user.person.team
    StaffFactory.create_batch(3, team=team)  # head count 4 in the directorate
    agreement = consultation.questions.get(kind="agreement")
    contribution_submit(
        consultation=consultation,
        user=staff_user,
        contribution=Contribution(answers={agreement.pk: "5"}),
    )
    contribution_submit(
        consultation=consultation,
        user=public_user,
        contribution=Contribution(answers={agreement.pk: "2"}, comment="Hmm"),
    )
    unconfirmed, _ = contribution_submit(
        consultation=consultation,
        user=AnonymousUser(),
        contribution=Contribution(
            answers={agreement.pk: "1"}, visitor_email="v@x.org", visitor_kind="carer"
        ),
    )
    analysis = analysis_for(consultation=consultation)
    assert analysis.participants == 2  # the visitor has not confirmed
    assert {r.label: r.count for r in analysis.by_audience}["Staff"] == 1
    row = next(r for r in analysis.by_directorate if r.name == team.service.directorate.name)
    assert (row.responses, row.head_count, row.rate) == (1, 4, 25.0)
    agreed = {r.label: (r.count, r.percent) for r in analysis.questions[0].rows}
    assert agreed["5 – Strongly agree"] == (1, 50.0) and agreed["2 – Disagree"] == (1, 50.0)
    visitor_confirm(token=visitor_confirm_token(unconfirmed))
    assert analysis_for(consultation=consultation).participants == 3


def test_exports_keep_formulas_as_text(client, consultation, staff_user, qi_team_user):
    contribution_submit(
        consultation=consultation,
        user=staff_user,
        contribution=Contribution(comment='=HYPERLINK("x")'),
    )
    client.force_login(qi_team_user)
    response = client.get(reverse("consultations:export_csv", args=[consultation.slug]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][rows[0].index("Comment text")] == '\'=HYPERLINK("x")'
    assert rows[1][rows[0].index("Written by")] == staff_user.person.full_name
    response = client.get(reverse("consultations:export_xlsx", args=[consultation.slug]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert values[1][values[0].index("Comment text")] == '\'=HYPERLINK("x")'
    # The comment's number is a number, to sort and look up by.
    assert values[1][values[0].index("Comment")] == Comment.objects.get().pk


def _contributions(consultation, count: int, team) -> None:
    for _ in range(count):
        person = StaffFactory.create(team=team)
        user = User.objects.create_user(email=person.email)
        person.user = user
        person.save(update_fields=["user"])
        contribution_submit(
            consultation=consultation, user=user, contribution=Contribution(comment="c")
        )


def test_the_analysis_page_costs_the_same_queries_at_any_size(
    client, consultation, qi_team_user, team
):
    client.force_login(qi_team_user)
    url = reverse("consultations:analysis", args=[consultation.slug])
    _contributions(consultation, 3, team)
    client.get(url)  # the session and the site's header, cached from here on
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _contributions(consultation, 12, team)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(many) == len(few)
    assert "15 people have taken part" in response.content.decode()
