"""Demo content for the public site: home page, a few standard pages, header and footer."""

from collections.abc import Callable

from django.db import transaction
from wagtail.models import Site
from wagtailnhsukfrontend.settings.models import (
    FooterLinks,
    FooterSettings,
    HeaderSettings,
    NavigationLink,
)

from qihub.core.demo import TRUST_NAME
from qihub.microsite.models import ContentPage, HomePage

HOME_INTRO = (
    "Our staff, patients and carers improving the quality of care together, one test of "
    "change at a time."
)
HOME_BODY = [
    ("heading", "Our mission"),
    (
        "paragraph",
        "<p>To provide the highest quality mental health and community care in England, "
        "by improving together with the people who use and deliver our services.</p>",
    ),
    (
        "inset_text",
        {
            "body": "<p>Everyone can take part: staff, patients, carers, governors and the wider "
            "community.</p>"
        },
    ),
    ("heading", "Have your say"),
    (
        "paragraph",
        "<p>Staff have designed our improvement brand and a mixed panel of patients, staff "
        'and senior leaders has chosen a shortlist. <a href="/competitions/">See the '
        "competitions and vote for your favourite</a>.</p>",
    ),
    ("heading", "How we improve"),
    (
        "paragraph",
        "<p>We use the Model for Improvement: clear aims, measures that tell us whether a "
        "change is an improvement, and small tests of change (PDSA cycles). We chart our "
        "data with statistical process control so we can tell real change from noise.</p>",
    ),
]
PAGES = [
    (
        "About the programme",
        "What our quality improvement programme is and why it matters.",
        "<p>Our programme brings together staff and service users to improve quality and "
        "safety. It began with our board agreeing a shared mission and a few measurable aims "
        "with everyone who works with us.</p>",
    ),
    (
        "Our aims",
        "The few measurable aims that the whole organisation is working towards.",
        "<p>We aim to reduce harm by 30% every year and to improve the experience of care and "
        "of work. Each aim has a measure, a baseline and a target date.</p>",
    ),
    (
        "Get involved",
        "Events, reference groups, ideas and competitions that anyone can join.",
        "<p>Come to an event, join a reference group, share an idea or take part in a "
        "project. You do not need an account to read about our work.</p>",
    ),
    (
        "Accessibility statement",
        "How accessible this website is and how to report a problem.",
        "<p>We want as many people as possible to be able to use this website. It aims to "
        "meet the Web Content Accessibility Guidelines (WCAG) 2.2 at level AA. If you find a "
        "problem, tell our QI team.</p>",
    ),
]


def demo_site_build(*, organisation_name: str) -> None:
    """Fill the home page, add the standard pages and set the header and footer (idempotent)."""
    site = Site.objects.get(is_default_site=True)
    site.site_name = "Improving together"
    site.save(update_fields=["site_name"])
    home = site.root_page.specific
    if not isinstance(home, HomePage):
        raise RuntimeError("The default site's root page is not the qihub home page.")
    if home.intro != HOME_INTRO:  # a second run publishes no new revision
        home.title = "Improving together"
        home.intro = HOME_INTRO
        home.body = HOME_BODY
        home.save_revision().publish()
    pages = []
    for title, summary, text in PAGES:
        page = ContentPage.objects.child_of(home).filter(title=title).first()
        if page is None:
            page = ContentPage(title=title, summary=summary, show_in_menus=True)
            page.body = [("paragraph", text)]
            home.add_child(instance=page)
            page.save_revision().publish()
        pages.append(page)
    header = HeaderSettings.for_site(site)
    header.service_name = "Improving together"
    header.organisation_name = organisation_name
    header.save()
    if not header.navigation_links.exists():
        for order, page in enumerate(pages[:3]):
            NavigationLink.objects.create(
                setting=header, page=page, label=page.title, sort_order=order
            )
    footer = FooterSettings.for_site(site)
    footer.save()
    if not footer.footer_links.exists():
        FooterLinks.objects.create(
            setting=footer, link_url=pages[-1].url, link_label=pages[-1].title, sort_order=0
        )


def microsite_demo_build(*, progress: Callable[[str], None]) -> str:
    """The demo's public site, for the demo trust (a `DEMO_BUILD` hook)."""
    progress("Public site…")
    with transaction.atomic():
        demo_site_build(organisation_name=TRUST_NAME)
    pages = ContentPage.objects.live().count()
    return f"Demo public site ready: the home page and {pages} pages."
