"""Redactor.deep masks every string in nested evidence: values, keys, lists, tuples, URLs, secret-named keys."""

from __future__ import annotations

from tta_timeline.core.printable import printable
from tta_timeline.core.results import Status
from tta_timeline.core.secrets import MASK, Redactor


def test_deep_masks_every_string_at_any_depth() -> None:
    red = Redactor(["hunter22-secret"])
    evidence = {
        "op": "ping",
        "rows": [{"name": "hunter22-secret"}, ("x", "said hunter22-secret twice: hunter22-secret")],
        "hunter22-secret": 1,
        "address": "bolt://neo4j:pw-in-url@db:7687",
        "password": "anything at all",
        "status": Status.PASS,
        "count": 3,
    }
    got = red.deep(evidence)
    assert got["rows"][0] == {"name": MASK}
    assert got["rows"][1] == ("x", f"said {MASK} twice: {MASK}") and isinstance(got["rows"][1], tuple)
    assert MASK in got and "hunter22-secret" not in got
    assert got["address"] == f"bolt://neo4j:{MASK}@db:7687"
    assert got["password"] == MASK
    assert got["status"] is Status.PASS and got["count"] == 3 and got["op"] == "ping"
    assert "hunter22-secret" not in repr(got) and "pw-in-url" not in repr(got)


def test_a_secret_added_later_is_masked_from_then_on() -> None:
    red = Redactor()
    assert red.deep({"k": "late-secret-value"}) == {"k": "late-secret-value"}
    red.add("late-secret-value")
    assert red.deep({"k": ["late-secret-value"]}) == {"k": [MASK]} and red.text("late-secret-value") == MASK


def test_then_runs_on_every_masked_string_keys_too() -> None:
    red = Redactor(["hunter22-secret"])
    got = red.deep({"k\x1b": ["hunter22-secret\x1b[2J", ("\x07",)], "token": "x"}, printable)
    assert got == {"k\u241b": [f"{MASK}\u241b[2J", ("\u2407",)], "token": MASK}
