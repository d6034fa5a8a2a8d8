"""Stored records keep their exact bytes and hashes across the codec: bodies written by earlier versions
(pydantic models) read back, encode to the same bytes and seal to the same links."""

from __future__ import annotations

import json

import pytest

from tta_timeline.core import chain, records
from tta_timeline.core.errors import UnreadableRecord
from tta_timeline.core.events import Event
from tta_timeline.core.results import CheckResult, Run, Status

# written by tta-timeline at c7a0073 (pydantic records): a run of two results, one with a detail, and a
# waiver in another time zone; the links are the ones that version sealed for them
RUN = (
    '{"id":"r1","started_at":"2026-11-25T14:39:45.120000Z","finished_at":"2026-11-25T14:39:47.120000Z",'
    '"phases":[1],"backend":"mock","actor":"ci","commit":"abc","dirty":false,"results":[{"phase":1,'
    '"check":"health","name":"Health","kind":"http","status":"pass","message":"status 200","required":true,'
    '"duration":0.25,"attempts":1,"waited":0.0,"backend":"mock","evidence":{"status":200,'
    '"body":"ünï \\"q\\"","list":[1,2.5,null]},"at":"2026-11-25T14:39:45.120000Z","run_id":"r1"},'
    '{"phase":1,"check":"unit","name":"","kind":"pytest","status":"fail","message":"1 failed",'
    '"detail":"tests/x.py::t: boom","required":true,"duration":0.0,"attempts":1,"waited":0.0,"backend":null,'
    '"evidence":{},"at":"2026-11-25T14:39:46.120000Z","run_id":"r1"}]}'
)
EVENT = (
    '{"id":"eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee","kind":"waive","phase":1,"check":"unit",'
    '"at":"2026-11-25T16:39:45.120000+02:00","actor":"alice","reason":"flaky","note":null,'
    '"until":"2026-12-02T14:39:45.120000Z","data":{"k":[1,"x"]}}'
)
RUN_LINK = (
    "947f7b1ddc74d7b13b04b713473a48a17959862cd2cf20a26fe5dd547f744ffb",
    "5d4b0b8b402513cd0ff9e05987b436122b8b20ba1e228f648a6f69b506cd1e20",
)
EVENT_LINK = (
    "1f41d10b0b1a62d532f09caa64e3156ded13f3f54e403d79d4dc16e764b1b828",
    "92985d635c504df9d450016e8c2b5c4cccc5ac463f72aac3661e122157787abe",
)


def test_bodies_of_an_earlier_version_read_back_and_encode_to_the_same_bytes() -> None:
    run = records.load(Run, RUN)
    event = records.load(Event, EVENT)
    assert [r.status for r in run.results] == [Status.PASS, Status.FAIL]
    assert run.results[0].detail is None and run.results[1].detail == "tests/x.py::t: boom"
    assert event.until is not None and event.at == event.until.replace(day=25, month=11)
    assert records.dump(run) == RUN
    assert records.dump(event) == EVENT


def test_they_seal_to_the_links_that_version_wrote() -> None:
    run_link = chain.seal(records.load(Run, RUN), 1, chain.GENESIS)
    event_link = chain.seal(records.load(Event, EVENT), 2, run_link.hash)
    assert (run_link.sha256, run_link.hash) == RUN_LINK
    assert (event_link.sha256, event_link.hash) == EVENT_LINK
    assert records.load(chain.Link, records.dump(event_link)) == event_link


def test_a_result_without_detail_is_stored_without_the_field() -> None:
    result = records.load(Run, RUN).results[0]
    assert "detail" not in json.loads(records.dump(result))
    assert records.dump(result, exclude=("evidence",)).count("evidence") == 0


@pytest.mark.parametrize(
    ("body", "names"),
    [
        ('{"phase": "one", "check": "c", "status": "pass", "at": "2026-01-01T00:00:00Z"}', "$.phase"),
        ('{"phase": 1, "check": "c", "status": "hunter2-secret", "at": "2026-01-01T00:00:00Z"}', "$.status"),
        ('{"phase": 1, "check": "c", "status": "pass"}', "at"),
        ('{"phase": 1, "check": "c", "status": "pass", "at": "hunter2-secret"}', "$.at"),
        ("not json", "malformed"),
    ],
)
def test_an_unreadable_body_names_the_field_and_never_its_value(body: str, names: str) -> None:
    with pytest.raises(UnreadableRecord) as caught:
        records.load(CheckResult, body)
    message = str(caught.value)
    assert names in message and "hunter2" not in message
    assert message.startswith("a stored result does not parse: ")
