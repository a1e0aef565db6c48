"""Example series for the /spc/ page's "try it" links: made-up numbers, shaped like real ones."""

_LENGTH_OF_STAY = (
    5.6, 5.9, 5.4, 5.8, 6.1, 5.5, 5.7, 6.0, 5.6, 5.9, 5.8, 5.5,
    5.1, 5.2, 4.9, 5.0, 4.8, 4.9, 4.7, 4.8, 4.6, 4.9, 4.7, 4.6,
)  # fmt: skip
_SEEN = (
    (1321, 1788), (1290, 1702), (1402, 1856), (1366, 1810), (1298, 1754), (1381, 1822),
    (1335, 1791), (1310, 1745), (1374, 1838), (1352, 1797), (1289, 1766), (1340, 1802),
    (1428, 1815), (1404, 1771), (1466, 1838), (1437, 1794), (1475, 1850), (1441, 1797),
    (1486, 1846), (1458, 1810), (1492, 1842), (1470, 1815), (1499, 1849), (1477, 1822),
)  # fmt: skip
_MONTHS = [f"{2023 + i // 12}-{i % 12 + 1:02d}-01" for i in range(24)]


def _length_of_stay_csv() -> str:
    lines = ["date,value,annotation"]
    for month, value in zip(_MONTHS, _LENGTH_OF_STAY, strict=True):
        note = "PDSA 1: criteria-led discharge" if month == "2024-01-01" else ""
        lines.append(f"{month},{value},{note}")
    return "\n".join(lines) + "\n"


def _seen_csv() -> str:
    lines = ["date,numerator,denominator,annotation"]
    for month, (seen, attended) in zip(_MONTHS, _SEEN, strict=True):
        note = "New streaming model" if month == "2024-01-01" else ""
        lines.append(f"{month},{seen},{attended},{note}")
    return "\n".join(lines) + "\n"


_COMMON = {"screen": "on", "shift_points": "7", "trend_points": "7", "two_in_three": "current"}
EXAMPLES: dict[str, dict[str, str]] = {
    "xmr": {
        **_COMMON,
        "title": "Average length of stay (days)",
        "csv": _length_of_stay_csv(),
        "chart": "xmr",
        "direction": "decrease",
        "target": "5",
    },
    "p": {
        **_COMMON,
        "title": "Patients seen within 4 hours",
        "csv": _seen_csv(),
        "chart": "p",
        "direction": "increase",
        "target": "95",
    },
}
