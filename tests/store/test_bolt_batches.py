"""What the Neo4j store sends over Bolt: small parts, and no backslash FalkorDB could read as an escape."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tta_timeline.store.bolt_batches import PART, parts, shield, unshield

TRICKY = st.text(alphabet=st.sampled_from(["\\", "\u2216", "b", "n", '"', "\n", "é", "𝄞"]))


@given(st.one_of(TRICKY, st.text()))
def test_shielded_text_has_no_backslash_and_comes_back_whole(text: str) -> None:
    stored = shield(text)
    assert "\\" not in stored
    assert unshield(stored) == text


@given(st.text(min_size=1))
def test_parts_never_split_a_character_and_stay_under_budget(text: str) -> None:
    pieces = parts(text, limit=7)
    assert "".join(pieces) == text
    assert all(0 < len(p.encode()) <= 7 for p in pieces)


def test_text_without_a_marker_reads_as_written_before_shielding() -> None:
    assert unshield('{"detail": "plain"}') == '{"detail": "plain"}'
    assert len(parts("x" * (PART * 2 + 1))) == 3
