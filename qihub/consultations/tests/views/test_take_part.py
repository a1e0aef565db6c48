"""The form: what it takes, and how it refuses bad input with a message, changing nothing."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from qihub.consultations import spam
from qihub.consultations.models import COMMENT_MAX_LENGTH, Comment, CommentStatus, Participant
from qihub.consultations.services import Contribution, contribution_submit
from qihub.consultations.services.taking_part import visitor_confirm_token
from qihub.consultations.tests.factories import consultation_make, started_long_ago

pytestmark = pytest.mark.django_db


def _post(client, consultation, **data):
    fields = {"started": started_long_ago(), "part": "whole", "notify_on_response": "on", **data}
    return client.post(reverse("consultations:take_part", args=[consultation.slug]), fields)


def test_staff_comment_on_one_part(client, consultation, staff_user):
    client.force_login(staff_user)
    page = client.get(reverse("consultations:take_part", args=[consultation.slug]) + "?part=2")
    assert "The part you are commenting on: Paragraph 2" in page.content.decode()
    response = _post(client, consultation, part="2", comment="Good part.")
    assert response.status_code == 302
    assert Comment.objects.get().part == consultation.parts.get(position=2)


def test_html_is_kept_as_text_and_never_rendered(client, consultation, staff_user):
    client.force_login(staff_user)
    _post(client, consultation, comment="<script>alert(1)</script><b>bold</b>")
    page = client.get(reverse("consultations:comments", args=[consultation.slug])).content.decode()
    assert "<script>alert(1)" not in page and "<b>bold" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"comment": ""}, "Write a comment or answer at least one question"),
        ({"comment": "x" * (COMMENT_MAX_LENGTH + 1)}, "shorten it to 2000"),
        ({"comment": "Hi", "website": "http://spam"}, "Website"),
        ({"comment": "Hi", "started": ""}, "opened too long ago"),
    ],
)
def test_bad_input_gets_a_message_and_changes_nothing(
    client, consultation, staff_user, data, message
):
    client.force_login(staff_user)
    response = _post(client, consultation, **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Comment.objects.exists() and not Participant.objects.exists()


def test_a_form_sent_too_fast_is_refused(client, consultation, staff_user):
    client.force_login(staff_user)
    response = _post(client, consultation, comment="Hi", started=spam.form_started())
    assert response.status_code == 400
    assert "faster than a person" in response.content.decode()


def test_closed_and_not_yet_open_consultations_say_so(client, staff_user):
    import datetime

    client.force_login(staff_user)
    closed = consultation_make(
        opens=-datetime.timedelta(days=9), closes=-datetime.timedelta(days=1)
    )
    response = _post(client, closed, comment="Late")
    assert response.status_code == 400 and "closed" in response.content.decode()
    future = consultation_make(opens=datetime.timedelta(days=1), closes=datetime.timedelta(days=9))
    response = _post(client, future, comment="Early")
    assert response.status_code == 400 and "not open yet" in response.content.decode()
    assert not Comment.objects.exists()


def test_someone_outside_the_audience_is_told(client, public_user):
    consultation = consultation_make(for_public=False, for_visitors=False)
    client.force_login(public_user)
    response = _post(client, consultation, comment="Hi")
    assert response.status_code == 400
    assert "cannot take part" in response.content.decode()
    assert not Comment.objects.exists()


def test_a_visitor_gives_an_address_and_a_kind(client, consultation):
    response = _post(
        client, consultation, comment="Hi", visitor_email="v@example.org", visitor_kind="governor"
    )
    assert response.status_code == 302
    participant = Participant.objects.get()
    assert participant.kind == "governor" and participant.confirmed_at is None


def test_rate_limit_per_account(client, staff_user):
    consultation = consultation_make()
    client.force_login(staff_user)
    for number in range(spam.LIMITS["account"][0]):
        assert _post(client, consultation, comment=f"Comment {number}").status_code == 302
    response = _post(client, consultation, comment="One too many")
    assert response.status_code == 400
    assert "Wait 10 minutes" in response.content.decode()
    assert Comment.objects.count() == spam.LIMITS["account"][0]


def test_opening_a_visitors_confirmation_link_asks_and_only_the_button_confirms(
    client, consultation
):
    participant, _ = contribution_submit(
        consultation=consultation,
        user=AnonymousUser(),
        contribution=Contribution(
            comment="Hi", visitor_email="vi@example.org", visitor_kind="carer"
        ),
    )
    url = reverse("consultations:confirm", args=[visitor_confirm_token(participant)])
    page = client.get(url)  # what a mail scanner following the link does
    assert page.status_code == 200 and "Confirm my email address" in page.content.decode()
    participant.refresh_from_db()
    assert participant.confirmed_at is None
    assert Comment.objects.get().status == CommentStatus.UNCONFIRMED
    confirmed = client.post(url)
    assert "your email address is confirmed" in confirmed.content.decode()
    participant.refresh_from_db()
    assert participant.confirmed_at is not None
    assert Comment.objects.get().status != CommentStatus.UNCONFIRMED


def test_a_visitor_who_confirmed_in_this_browser_has_nothing_more_to_confirm(
    client, consultation, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        _post(
            client,
            consultation,
            comment="First.",
            visitor_email="vi@example.org",
            visitor_kind="carer",
        )
    participant = Participant.objects.get()
    client.post(reverse("consultations:confirm", args=[visitor_confirm_token(participant)]))
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(
            client,
            consultation,
            comment="Second.",
            visitor_email="vi@example.org",
            visitor_kind="carer",
        )
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert Comment.objects.get(text="Second.").status == CommentStatus.HELD
    page = client.get(response["Location"]).content.decode()
    assert "once a moderator has read it" in page


@pytest.mark.parametrize("view", ["take_part", "comments"])
def test_a_part_the_draft_lacks_says_so(client, consultation, view):
    response = client.get(reverse(f"consultations:{view}", args=[consultation.slug]) + "?part=9")
    assert response.status_code == 404
    page = response.content.decode()
    assert "That part is not in this draft" in page
    assert "has 3 parts, numbered 1 to 3" in page
