"""Registries and docs agree: every check kind, output format and store is documented, and only those."""

from __future__ import annotations

import re
from pathlib import Path

from tta_timeline.checks.all_kinds import KINDS
from tta_timeline.config.model import Check

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_check_kinds_table_matches_registry() -> None:
    section = README.split("<!-- check-kinds", 1)[1].split("\n\n", 1)[0]
    documented = re.findall(r"^\| `([a-z0-9]+)` \|", section, re.M)
    assert documented == list(KINDS)


def test_every_kind_is_a_key_of_the_check_model() -> None:
    fields = set(Check.model_fields)
    assert set(KINDS) <= fields
    for name, kind in KINDS.items():
        assert kind.name == name and kind.summary


def test_every_kind_has_a_readme_example() -> None:
    examples = README.split("Examples:", 1)[1].split("## ", 1)[0]
    for name in KINDS:
        assert re.search(rf"^\s+{name}: ", examples, re.M), f"no README example for {name}"
