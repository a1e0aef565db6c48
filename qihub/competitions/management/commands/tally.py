from dataclasses import dataclass
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count

from qihub.competitions.models import (
    Ballot,
    Competition,
    Elector,
    Phase,
    Result,
    VoteCast,
)
from qihub.competitions.services import tally_compute
from qihub.competitions.services.ballot_box import box_snapshot, sealed_votes_open

# Exit status when the stored ballots and the published result (or the voter side) disagree.
DISAGREEMENT_EXIT_STATUS = 2


@dataclass(frozen=True)
class Check:
    ok: bool
    what: str


def tally_check(*, competition: Competition) -> tuple[list[dict[str, Any]], list[Check]]:
    """Count the stored ballots again and check them against the voter side and the result.

    Every count comes from one snapshot (`box_snapshot`), even while votes arrive and are
    mixed in.
    """
    with box_snapshot():
        tally = tally_compute(competition=competition)
        ballots = Ballot.objects.filter(competition=competition)
        filled = ballots.filter(entry__isnull=False)
        filled_count = filled.count()
        sealed = sealed_votes_open(competition=competition)
        slots = ballots.count()
        cast = VoteCast.objects.filter(elector__competition=competition).count()
        electorate = Elector.objects.filter(competition=competition).count()
        shortlisted = set(competition.entries.filter(shortlisted=True).values_list("pk", flat=True))
        repeated = filled.values("receipt_hash").annotate(n=Count("id")).filter(n__gt=1).count()
        sealed_receipts = [receipt for _, receipt in sealed]
        repeated += len(sealed_receipts) - len(set(sealed_receipts))
        repeated += filled.filter(receipt_hash__in=sealed_receipts).count()
        elsewhere = filled.exclude(entry__in=shortlisted).count()
        elsewhere += sum(1 for entry, _ in sealed if entry not in shortlisted)
        result = Result.objects.filter(competition=competition).first()
    counted = sum(row["votes"] for row in tally)
    in_box = filled_count + len(sealed)
    checks = [
        Check(
            in_box == cast,
            f"votes in the box ({filled_count:,} ballots filled + {len(sealed):,} sealed, "
            f"waiting to go in) = voters recorded as having voted ({cast:,})",
        ),
        Check(repeated == 0, f"no receipt on more than one ballot ({repeated} repeated)"),
        Check(
            elsewhere == 0 and counted == in_box,
            f"every vote is for a shortlisted entry ({elsewhere} not)",
        ),
        Check(slots == electorate, f"ballot slots ({slots:,}) = electorate ({electorate:,})"),
    ]
    if competition.phase == Phase.RESULTS:
        if result is None:
            checks.append(Check(False, "the results are published but no result is stored"))
        else:
            stored = sorted((row["entry"], row["votes"]) for row in result.tally)
            recomputed = sorted((row["entry"], row["votes"]) for row in tally)
            differences = sorted(set(stored) ^ set(recomputed))
            checks += [
                Check(
                    stored == recomputed,
                    "the published votes per entry match the ballots"
                    + (f" (differ: {differences})" if differences else ""),
                ),
                Check(
                    result.votes == counted,
                    f"published total ({result.votes:,}) = ballots counted ({counted:,})",
                ),
                Check(
                    result.electorate == electorate,
                    f"published electorate ({result.electorate:,}) = electors ({electorate:,})",
                ),
            ]
    return tally, checks


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
        if competition.phase_index < list(Phase).index(Phase.VOTING):
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
