import getpass
import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from qihub.competitions.models import PHASE_ORDER, Competition, Phase
from qihub.competitions.selectors import tally_check
from qihub.competitions.services import tally_disclose

# Exit status when the stored ballots and the published result (or the voter side) disagree.
DISAGREEMENT_EXIT_STATUS = 2
SHOW_WHILE_OPEN = "--show-totals-while-open"


def _os_user() -> str:
    """Who is running this on the server: the login name, or the user id if it has none."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name in the environment or the password database
        return f"uid {os.getuid()}"


class Command(BaseCommand):
    help = (
        "Count a competition's votes again from the stored ballots and print the result. Checks "
        "that there is one filled ballot per voter recorded as having voted, that no receipt is "
        "repeated and, once results are published, that the published result agrees. While "
        "voting is open it checks without printing the votes per entry, unless asked with "
        f"{SHOW_WHILE_OPEN}, which is written to the audit log. Exits with "
        f"{DISAGREEMENT_EXIT_STATUS} on any disagreement."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("competition", help="The competition's slug.")
        parser.add_argument(
            SHOW_WHILE_OPEN,
            action="store_true",
            help="Print the votes per entry even while voting is open (written to the audit "
            "log, with your operating-system user name). The site keeps them hidden until the "
            "results are published.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        competition = Competition.objects.filter(slug=options["competition"]).first()
        if competition is None:
            raise CommandError(f"No competition with the slug {options['competition']!r}.")
        if competition.phase_index < PHASE_ORDER.index(Phase.VOTING):
            self.stdout.write(f"{competition.title}: voting has not opened, so there is no tally.")
            return
        voting_open = competition.phase == Phase.VOTING
        show_totals = not voting_open or options["show_totals_while_open"]
        if voting_open and show_totals:
            tally_disclose(competition=competition, os_user=_os_user())
            self.stderr.write(
                "Warning: voting is open. The votes per entry below are kept from everyone "
                "else until the results are published: do not share them. This has been "
                "written to the audit log."
            )
        tally, checks = tally_check(competition=competition)
        self.stdout.write(f"{competition.title} ({competition.get_phase_display().lower()})")
        if show_totals:
            width = max((len(row["title"]) for row in tally), default=0)
            for row in tally:
                self.stdout.write(
                    f"  {row['number']:>4}  {row['title']:<{width}}  {row['votes']:>7,}"
                )
            total = sum(row["votes"] for row in tally)
            self.stdout.write(f"  {'':>4}  {'Total':<{width}}  {total:>7,}")
        else:
            self.stdout.write(
                "  Votes per entry: hidden while voting is open (the checks below count them; "
                f"{SHOW_WHILE_OPEN} prints them and writes that to the audit log)."
            )
        for check in checks:
            self.stdout.write(f"{'ok  ' if check.ok else 'FAIL'}  {check.what}")
        failed = [check for check in checks if not check.ok]
        if failed:
            raise CommandError(
                f"{len(failed)} check(s) failed: the stored ballots do not agree.",
                returncode=DISAGREEMENT_EXIT_STATUS,
            )
