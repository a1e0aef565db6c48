"""Property: ``POST /api/v1/spc`` answers any body with a document (200) or one line (422).

Never a 500, and never a document a strict JSON parser refuses. The bodies are JSON objects
with the endpoint's options (and others) set to numbers of every size (NaN and Infinity
included, as Python's json writes them and pydantic reads them), strings, lists and objects;
the data come as arrays or as CSV text. Derandomised, like the engine's properties.
"""

import json
import math

from django.test import Client
from hypothesis import event, example, given
from hypothesis import strategies as st

from qihub.spc.tests.test_properties import EDGES, PROPERTIES, mostly, numbers, tame

URL = "/api/v1/spc"
wide = st.integers(min_value=-3, max_value=2**64)
OPTIONS = {
    "chart": st.sampled_from(["run", "xmr", "p", "u", "c", "g", "t"]),
    "direction": st.sampled_from(["increase", "decrease", "neutral"]),
    "two_in_three": st.sampled_from(["current", "legacy"]),
    "screen": st.booleans(),
    "laney": st.booleans(),
    "target": tame,
    "baseline": st.integers(min_value=2, max_value=30),
    "shift_points": st.integers(min_value=2, max_value=9),
    "trend_points": st.integers(min_value=2, max_value=9),
    "rebase": st.lists(st.integers(min_value=1, max_value=5), max_size=2, unique=True),
}
#: Options of the right type but any value.
WIDE = {
    "target": numbers,
    "baseline": wide,
    "shift_points": wide,
    "trend_points": wide,
    "rebase": st.lists(wide, max_size=3),
}
json_values = st.recursive(
    st.none() | st.booleans() | numbers | st.text(max_size=6),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=4), children)
    ),
    max_leaves=8,
)
series = st.lists(st.one_of(tame, numbers, st.none()), max_size=30)
csv_cells = st.one_of(tame.map(str), st.sampled_from(EDGES).map(repr), st.text(max_size=6))
csv_text = st.builds(
    lambda header, rows: header + "".join(",".join(row) + "\n" for row in rows),
    st.sampled_from(["value\n", "date,value\n", "numerator,denominator\n", "value,annotation\n"]),
    st.lists(st.lists(csv_cells, min_size=1, max_size=3), max_size=20),
)


@st.composite
def bodies(draw):  # type: ignore[no-untyped-def]
    body: dict = {
        name: mostly(draw, strategy, WIDE.get(name, strategy))
        for name, strategy in OPTIONS.items()
        if draw(st.integers(min_value=0, max_value=2)) == 1
    }
    data = draw(st.sampled_from(["values", "values", "csv", "neither"]))
    if data == "values":
        # Plausible measures, positive and within their denominators, so that many bodies
        # reach the analysis; or a few of them among the edges of float64; or any numbers.
        body["values"] = draw(
            st.lists(st.integers(min_value=0, max_value=50) | st.none(), max_size=30)
            | st.lists(st.integers(min_value=0, max_value=50) | st.sampled_from(EDGES), max_size=8)
            | series
        )
        if body.get("chart") in ("p", "u") or draw(st.integers(min_value=0, max_value=7)) == 3:
            count = len(body["values"])
            body["denominators"] = draw(
                st.lists(st.integers(min_value=50, max_value=99), min_size=count, max_size=count)
                | series
            )
        if draw(st.booleans()):
            count = len(body["values"]) + draw(st.sampled_from([0, 0, 0, 1]))
            labels = st.one_of(st.none(), st.text(max_size=10))
            body["dates"] = draw(st.lists(labels, min_size=count, max_size=count))
    elif data == "csv":
        body["csv"] = draw(csv_text)
    if draw(st.integers(min_value=0, max_value=3)) == 2:
        # Options of the wrong kind, or ones that do not exist.
        body.update(draw(st.dictionaries(st.sampled_from([*OPTIONS, "x"]), json_values)))
    return body


def _no_nan(text: str) -> None:
    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} in a response")

    json.loads(text, parse_constant=refuse)


@PROPERTIES
@given(body=bodies())
# The inputs of issue 10 that were 500s, always tried first.
@example(body={"values": [1e308, -1e308, 1e308, -1e308]})
@example(body={"csv": "value\n5e-324\n0\n5e-324\n"})
@example(body={"values": [1, 2, 3, 4], "direction": "increase", "target": -1e308})
@example(body={"chart": "t", "values": [1e308, 1, 1e308]})
@example(body={"values": [1, 2, 3, 4], "shift_points": 2**63})
def test_every_body_gets_a_document_or_one_line(body):
    response = Client().post(URL, data=json.dumps(body), content_type="application/json")

    assert response.status_code in (200, 422), (response.status_code, body)
    text = response.content.decode()
    _no_nan(text)
    document = json.loads(text)
    event(str(response.status_code))
    if response.status_code == 422:
        assert set(document) == {"detail"} and "\n" not in document["detail"]
    else:
        for point in document["points"]:
            assert point["value"] is None or math.isfinite(point["value"])
