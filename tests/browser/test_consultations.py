"""Consultations in a real browser: every public page type (and the QI team's) accessible at
320 and 1280 px, and a visitor commenting on one part with JavaScript off."""

import datetime
import re
from collections.abc import Callable

import pytest
from django.contrib.auth.models import AnonymousUser
from playwright.sync_api import Browser, Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from qihub.consultations.models import Comment, CommentStatus, Consultation, Participant
from qihub.consultations.services import (
    Contribution,
    ResponseDraft,
    comment_tag,
    contribution_submit,
    response_save,
    theme_add,
)
from qihub.consultations.services.taking_part import visitor_confirm_token
from qihub.consultations.tests.factories import consultation_make
from qihub.core.extensions import DraftPart
from qihub.core.models import User

from .conftest import DESKTOP, PHONE, axe_violations, horizontal_overflow

VIEWPORTS = [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]


def _check(page: Page, viewport: ViewportSize, heading: str) -> None:
    expect(page.locator("h1")).to_contain_text(heading)
    report = axe_violations(page)
    assert not report, report
    if viewport == PHONE:
        assert horizontal_overflow(page) == 0, "the page scrolls sideways on a 320 px phone"


@pytest.fixture
def responded(
    site: LiveServer, staff_user: User, public_user: User, qi_team_user: User
) -> Consultation:
    """A closed consultation with comments, a theme, and its published response."""
    consultation = consultation_make(hold_public_comments=False)
    agreement = consultation.questions.get(kind="agreement")
    _, comment = contribution_submit(
        consultation=consultation,
        user=staff_user,
        contribution=Contribution(answers={agreement.pk: "4"}, comment="Name carers too."),
    )
    contribution_submit(
        consultation=consultation,
        user=public_user,
        contribution=Contribution(
            comment="Care closer to home, please.", part=consultation.parts.first()
        ),
    )
    theme = theme_add(consultation=consultation, user=qi_team_user, name="Carers")
    assert comment is not None
    comment_tag(comment=comment, user=qi_team_user, themes=[theme])
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_at=consultation.opens_at - datetime.timedelta(days=30),
        closes_at=consultation.opens_at - datetime.timedelta(days=2),
    )
    consultation.refresh_from_db()
    response_save(
        consultation=consultation,
        user=qi_team_user,
        response=ResponseDraft(
            summary="Thank you. We named carers.",
            we_did={theme.pk: "We added carers and families."},
            adopted=[
                DraftPart(
                    key=p.key,
                    title=p.title,
                    text=p.text.replace("patients", "patients, carers and families"),
                )
                for p in consultation.parts.all()
            ],
        ),
        publish=True,
    )
    return consultation


@pytest.fixture
def open_consultation(site: LiveServer, public_user: User) -> Consultation:
    consultation = consultation_make()
    contribution_submit(
        consultation=consultation,
        user=AnonymousUser(),
        contribution=Contribution(
            comment="<b>held</b>", visitor_email="v@example.org", visitor_kind="carer"
        ),
    )
    contribution_submit(
        consultation=consultation,
        user=public_user,
        contribution=Contribution(comment="Please read me first"),
    )
    return consultation


@pytest.mark.browser
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_public_pages_are_accessible(
    page: Page, viewport: ViewportSize, responded: Consultation, open_consultation: Consultation
) -> None:
    page.set_viewport_size(viewport)
    page.goto("/consultations/")
    _check(page, viewport, "Consultations")
    page.goto(f"/consultations/{open_consultation.slug}/")
    _check(page, viewport, open_consultation.title)
    page.goto(f"/consultations/{open_consultation.slug}/take-part/?part=2")
    _check(page, viewport, "Have your say")
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("There is a problem")
    _check(page, viewport, "Have your say")
    visitor = Participant.objects.get(consultation=open_consultation, email="v@example.org")
    page.goto(f"/consultations/confirm/{visitor_confirm_token(visitor)}/")
    _check(page, viewport, "Confirm your email address")
    page.get_by_role("button", name="Confirm my email address").click()
    _check(page, viewport, "your email address is confirmed")
    page.goto(f"/consultations/{responded.slug}/")
    _check(page, viewport, responded.title)
    page.goto(f"/consultations/{responded.slug}/comments/?part=1")
    _check(page, viewport, "Comments on Paragraph 1")
    expect(page.get_by_text("Care closer to home, please.")).to_be_visible()
    page.goto(f"/consultations/{responded.slug}/comments/?part=99")
    _check(page, viewport, "That part is not in this draft")
    page.goto(f"/consultations/{responded.slug}/response/")
    _check(page, viewport, "You said, we did")
    expect(page.locator("ins").first).to_contain_text("added:")
    expect(page.locator("del").first).to_contain_text("removed:")


@pytest.mark.browser
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_qi_teams_pages_are_accessible(
    page: Page,
    viewport: ViewportSize,
    responded: Consultation,
    open_consultation: Consultation,
    qi_team_user: User,
    sign_in: Callable[[User], None],
) -> None:
    sign_in(qi_team_user)
    page.set_viewport_size(viewport)
    page.goto(f"/consultations/{open_consultation.slug}/manage/")
    _check(page, viewport, "Run this consultation")
    page.goto(f"/consultations/{open_consultation.slug}/manage/comments/")
    _check(page, viewport, "Moderate and tag the comments")
    expect(page.get_by_text("Please read me first")).to_be_visible()
    page.goto(f"/consultations/{responded.slug}/manage/analysis/")
    _check(page, viewport, "Analysis")
    page.goto(f"/consultations/{responded.slug}/manage/response/")
    _check(page, viewport, "You said, we did")


@pytest.fixture
def page_without_js(browser: Browser, site: LiveServer) -> Page:
    context = browser.new_context(base_url=site.url, java_script_enabled=False, viewport=PHONE)
    context.set_default_timeout(10_000)
    return context.new_page()


@pytest.mark.browser
def test_a_visitor_comments_on_one_part_without_javascript(
    page_without_js: Page, open_consultation: Consultation
) -> None:
    page = page_without_js
    page.goto(f"/consultations/{open_consultation.slug}/")
    page.get_by_role("link", name=re.compile(r"^Comment on this part\W+Paragraph 2$")).click()
    expect(page.get_by_text("The part you are commenting on: Paragraph 2")).to_be_visible()
    page.get_by_label("Your comment", exact=True).fill("Please say how we will measure this.")
    page.get_by_label("Governor").check()
    page.get_by_label("Your email address").fill("governor@example.org")
    page.wait_for_timeout(3200)  # a person takes longer than the form's minimum time
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("We have emailed you a link")).to_be_visible()
    comment = Comment.objects.get(text="Please say how we will measure this.")
    assert comment.part is not None and comment.part.position == 2
    assert comment.status == CommentStatus.UNCONFIRMED
    # Held and unconfirmed comments are not on the public page.
    page.goto(f"/consultations/{open_consultation.slug}/comments/")
    expect(page.get_by_text("Please read me first")).to_have_count(0)
    expect(page.get_by_text("Please say how we will measure this.")).to_have_count(0)
