from typing import Any

from django.core.management.base import BaseCommand, CommandError

from qihub.competitions.models import PHASE_ORDER, Competition, Phase
from qihub.competitions.selectors import tally_check

# Exit status when the stored ballots and the published result (or the voter side) disagree.
DISAGREEMENT_EXIT_STATUS = 2


class Command(BaseCommand):
    help = (
        "Count a competition's votes again from the stored ballots and print the result. Checks "
        "that there is one filled ballot per voter recorded as having voted, that no receipt is "
        "repeated and, once results are published, that the published result agrees. Exits with "
        f"{DISAGREEMENT_EXIT_STATUS} on any disagreement."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("competition", help="The competition's slug.")

    def handle(self, *args: Any, **options: Any) -> None:
        competition = Competition.objects.filter(slug=options["competition"]).first()
        if competition is None:
            raise CommandError(f"No competition with the slug {options['competition']!r}.")
        if competition.phase_index < PHASE_ORDER.index(Phase.VOTING):
            self.stdout.write(f"{competition.title}: voting has not opened, so there is no tally.")
            return
        tally, checks = tally_check(competition=competition)
        self.stdout.write(f"{competition.title} ({competition.get_phase_display().lower()})")
        width = max((len(row["title"]) for row in tally), default=0)
        for row in tally:
            self.stdout.write(f"  {row['number']:>4}  {row['title']:<{width}}  {row['votes']:>7,}")
        self.stdout.write(f"  {'':>4}  {'Total':<{width}}  {sum(r['votes'] for r in tally):>7,}")
        for check in checks:
            self.stdout.write(f"{'ok  ' if check.ok else 'FAIL'}  {check.what}")
        failed = [check for check in checks if not check.ok]
        if failed:
            raise CommandError(
                f"{len(failed)} check(s) failed: the stored ballots do not agree.",
                returncode=DISAGREEMENT_EXIT_STATUS,
            )
