"""`verify --format prometheus`: a textfile-collector file that Prometheus' own parser reads back."""

from __future__ import annotations

from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

from tests.helpers import cli, write_phases
from tests.output.test_verify_formats import T0, _report
from tta_timeline.output.render import render_text


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def test_registered_and_parsed_back_per_phase_and_status() -> None:
    samples = _samples(render_text("verify", "prometheus", _report()))
    assert samples[("tta_timeline_last_run_checks", (("phase", "1"), ("status", "fail")))] == 1
    assert samples[("tta_timeline_last_run_checks", (("phase", "2"), ("status", "pending")))] == 1
    assert samples[("tta_timeline_last_run_checks", (("phase", "2"), ("status", "pass")))] == 0
    assert samples[("tta_timeline_last_run_timestamp_seconds", (("phase", "2"),))] == T0.timestamp()
    assert samples[("tta_timeline_last_run_duration_seconds", (("phase", "1"),))] == 2.3
    assert samples[("tta_timeline_verify_ok", ())] == 0


def test_verify_writes_the_textfile_atomically(tmp_path: Path) -> None:
    path = write_phases(tmp_path)
    (tmp_path / "README.md").write_text("hi")
    out = tmp_path / "textfile" / "tta.prom"
    result = cli("--file", str(path), "verify", "--phase", "1", "--format", "prometheus", "--output", str(out))
    assert result.exit_code == 0, result.output
    samples = _samples(out.read_text())
    assert samples[("tta_timeline_last_run_checks", (("phase", "1"), ("status", "pass")))] == 1
    assert samples[("tta_timeline_last_run_checks", (("phase", "1"), ("status", "pending")))] == 1
    assert samples[("tta_timeline_verify_ok", ())] == 1
    assert [p.name for p in out.parent.iterdir()] == ["tta.prom"]  # no temp file left beside it
