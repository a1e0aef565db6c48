"""Bad input to the API as one line that names every problem: the first :data:`MAX_NAMED`, then
how many more there are."""

from collections.abc import Callable, Iterable, Sequence

from pydantic import ValidationError
from pydantic_core import ErrorDetails

#: The most problems one line names.
MAX_NAMED = 10

#: Where a problem is, as a request's JSON writes it (``data[3].value``).
Location = tuple[int | str, ...]


def problems_line(problems: Sequence[str]) -> str:
    """The problems, in order, separated by semicolons (a full stop before one is dropped);
    past :data:`MAX_NAMED`, how many more."""
    shown = list(problems[:MAX_NAMED])
    named = "; ".join([problem.removesuffix(".") for problem in shown[:-1]] + shown[-1:])
    more = len(problems) - MAX_NAMED
    return named + (f" (and {more:,} more problem{'s' if more > 1 else ''})" if more > 0 else "")


def location_text(location: Location) -> str:
    return "".join(
        f"[{part}]" if isinstance(part, int) else (f".{part}" if position else str(part))
        for position, part in enumerate(location)
    )


def validation_problems(
    error: ValidationError,
    *,
    options: Callable[[Location], Iterable[str]],
    special: Callable[[ErrorDetails, str], str | None] = lambda detail, where: None,
) -> list[str]:
    """Each problem pydantic found, as a phrase naming where it is. ``options`` gives the names
    allowed beside a name that is not one; ``special`` may word a problem its own way."""
    problems = []
    for detail in error.errors(include_url=False):
        kind = detail["type"]
        where = location_text(detail["loc"])
        if (worded := special(detail, where)) is not None:
            problems.append(worded)
        elif kind == "json_invalid":
            problems.append(f"the body is not valid JSON: {detail['ctx']['error']}")
        elif kind in ("model_type", "model_attributes_type", "dict_type") and not detail["loc"]:
            problems.append("the body must be a JSON object")
        elif kind == "extra_forbidden":
            allowed = ", ".join(options(detail["loc"][:-1]))
            problems.append(f"{where} is not an option; the options are {allowed}")
        else:
            text = detail["msg"]
            problems.append(f"{where}: {text[:1].lower()}{text[1:]}" if where else text)
    return problems
