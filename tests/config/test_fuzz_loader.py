"""Property: whatever a phases file is mutated into, the tool answers with exit 0 or 2, never a traceback."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import MINIMAL, cli

VALUES = st.sampled_from(["", "x", "1", "-1", "[]", "{}", "null", "true", "2h..1h", "${NOPE}", "'", ":", "- a", "\t"])


@st.composite
def mutated(draw: st.DrawFn) -> str:
    lines = MINIMAL.splitlines()
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "value", "insert", "indent", "chars"]))
        line = lines[index]
        if action == "drop":
            lines.pop(index)
        elif action == "value" and ":" in line:
            lines[index] = line.split(":", 1)[0] + ": " + draw(VALUES)
        elif action == "insert":
            lines.insert(index, draw(st.text(min_size=0, max_size=12)))
        elif action == "indent":
            lines[index] = " " * draw(st.integers(0, 8)) + line.lstrip()
        else:
            cut = draw(st.integers(0, len(line)))
            lines[index] = line[:cut] + draw(st.text(max_size=3)) + line[cut:]
        if not lines:
            break
    return "\n".join(lines) + "\n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=mutated())
def test_mutated_file_never_crashes(tmp_path: Path, text: str) -> None:
    path = tmp_path / "phases.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    result = cli("--file", str(path), "validate")  # exceptions propagate and fail the test
    assert result.exit_code in (0, 2), result.output
    assert "Traceback" not in result.output
    assert "internal error" not in result.stderr, result.stderr
    if result.exit_code == 2:  # warnings may come first; the errors say why it is 2
        assert result.stderr.startswith(("error: ", "warning: ")), result.stderr
        assert "\nerror: " in "\n" + result.stderr, result.stderr
