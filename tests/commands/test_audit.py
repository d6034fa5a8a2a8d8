"""`audit`: exit 0 on an untampered history, 1 naming the first problem and counting the rest, 2 for bad usage."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.helpers import PASSING, write_phases
from tta_timeline.commands.advance import advance
from tta_timeline.commands.audit import audit
from tta_timeline.commands.tick import tick
from tta_timeline.commands.verify import verify
from tta_timeline.core.errors import UsageError
from tta_timeline.core.exit_codes import ExitCode

#: helpers.PASSING with a manual check in phase 1: the advancement's certificate cites its tick
PHASES = PASSING.replace(
    '      - id: runs\n        command: {run: "python -c pass"}\n  - id: 2',
    '      - id: runs\n        command: {run: "python -c pass"}\n      - id: reviewed\n        manual: Reviewed by someone\n  - id: 2',
    1,
)
assert "reviewed" in PHASES


@pytest.fixture
def proj(project):
    write_phases(project.folder, PHASES)
    assert project.run(verify, phases=[1]) == ExitCode.OK
    assert project.run(tick, "1.reviewed", note="looked at it") == ExitCode.OK
    assert project.run(advance, phase=1) == ExitCode.OK
    return project


def db(project) -> sqlite3.Connection:
    return sqlite3.connect(project.folder / ".tta-timeline" / "state.db")


def test_an_untampered_history_audits_clean(proj):
    assert proj.run(audit) == ExitCode.OK
    assert proj.stdout.startswith("audit: OK: 4 links (2 runs, 2 events), 1 certificate")
    assert proj.run(audit, as_json=True) == ExitCode.OK
    doc = json.loads(proj.stdout)
    assert doc["ok"] is True and doc["problems"] == [] and doc["chain"]["links"] == 4
    assert doc["certificates"] == {"checked": 1, "signed": 0, "keys": {}}


def test_an_edited_result_is_exit_1_naming_the_run_the_field_and_the_certificate(proj):
    with db(proj) as conn:
        conn.execute("UPDATE results SET body = replace(body, 'phases.yaml', 'README.md')")
    assert proj.run(audit) == ExitCode.FAILED
    lines = proj.stdout.splitlines()
    # the advance's own verify run, then the earlier one: both changed; and the certificate's evidence
    assert lines[0].startswith("audit: BROKEN: run ") and ": results[0] (1.readme): changed since" in lines[0]
    assert "expected " in lines[0] and ", found " in lines[0]
    assert lines[1] == "and 2 more problems (`tta-timeline audit --json` lists them all)"
    assert proj.run(audit, as_json=True) == ExitCode.FAILED
    problems = json.loads(proj.stdout)["problems"]
    assert [p["field"] for p in problems] == [
        "results[0] (1.readme)",
        "results[0] (1.readme)",
        "certificate.checks[readme].evidence_sha256",
    ]


def test_a_deleted_tick_breaks_the_chain_and_the_certificate_that_cites_it(proj):
    with db(proj) as conn:
        conn.execute("DELETE FROM events WHERE kind = 'tick'")
    assert proj.run(audit, as_json=True) == ExitCode.FAILED
    problems = json.loads(proj.stdout)["problems"]
    assert [(p["field"], p["what"]) for p in problems] == [
        ("record", "deleted (seq 2)"),
        ("certificate.checks[reviewed].evidence_sha256", "the tick it cites is gone"),
    ]


def test_a_certificate_naming_a_missing_run_is_found(proj):
    with db(proj) as conn:
        run_id = conn.execute("SELECT id FROM runs ORDER BY rowid DESC LIMIT 1").fetchone()[0]
        conn.execute("DELETE FROM runs WHERE id = ?", (run_id,))
        conn.execute("DELETE FROM results WHERE run_id = ?", (run_id,))
    assert proj.run(audit, as_json=True) == ExitCode.FAILED
    fields = [(p["field"], p["found"]) for p in json.loads(proj.stdout)["problems"]]
    assert fields == [("record", "missing"), ("certificate.run_id", "no such run")]


def test_history_rewritten_before_a_certificate_breaks_the_head_it_names(proj):
    with db(proj) as conn:  # someone rewrites the chain from scratch after editing the first run
        conn.execute("UPDATE results SET body = replace(body, 'phases.yaml', 'README.md')")
    from tta_timeline.store.sqlite import SqliteStore
    from tta_timeline.store.sqlite_records import seal

    with SqliteStore(proj.folder / ".tta-timeline" / "state.db") as store:
        store._db.execute("DELETE FROM chain")
        seal(store._db)
    assert proj.run(audit, as_json=True) == ExitCode.FAILED
    problems = json.loads(proj.stdout)["problems"]
    assert [(p["field"], p["what"]) for p in problems] == [
        # the latest results `status` shows still hold what was recorded first
        ("evidence, message", "differs from the newest recorded result"),
        ("certificate.checks[readme].evidence_sha256", "evidence differs"),
        ("certificate.chain.head", "the history before it changed"),
    ]


def test_a_link_edited_to_hide_a_change_still_breaks_the_links_after_it(proj):
    with db(proj) as conn:
        seq, body = conn.execute("SELECT seq, body FROM chain WHERE seq = 2").fetchone()
        link = json.loads(body)
        link["prev"] = "1" * 64
        conn.execute("UPDATE chain SET body = ? WHERE seq = ?", (json.dumps(link), seq))
    assert proj.run(audit) == ExitCode.FAILED
    assert "link 2 (event " in proj.stdout and ": prev: does not follow the link before it" in proj.stdout


def test_a_trust_file_that_is_missing_or_not_a_key_is_a_usage_error(proj):
    with pytest.raises(UsageError, match=r"--trust nope.pub: cannot read: No such file"):
        proj.run(audit, trust=[Path("nope.pub")])
    (proj.folder / "bad.pub").write_text("not a key\n")
    with pytest.raises(UsageError, match=r"bad.pub: not a PEM or OpenSSH public key"):
        proj.run(audit, trust=[Path("bad.pub")])


def test_a_store_from_before_the_chain_is_sealed_once_saying_so_in_one_line(proj):
    with db(proj) as conn:  # as a store written before the chain: no links, certificates without an anchor
        conn.execute("DELETE FROM chain")
        conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
        body = json.loads(conn.execute("SELECT body FROM events WHERE kind = 'advance'").fetchone()[0])
        del body["data"]["certificate"]["chain"]
        conn.execute("UPDATE events SET body = ? WHERE kind = 'advance'", (json.dumps(body),))
    session = proj.session()
    try:
        session.store.chain_head()
        said = session.stderr.getvalue().splitlines()
    finally:
        session.close()
    assert len(said) == 1 and said[0].endswith(
        "state.db: sealed 2 runs and 2 events recorded before the hash chain into it "
        "(`tta-timeline audit` checks them from now on)"
    )
    assert proj.run(audit) == ExitCode.OK


def test_the_command_line_exit_codes(proj):
    from tests.helpers import cli

    phases = str(proj.folder / "phases.yaml")
    env = {"TTA_TIMELINE_ACTOR": "alice"}
    assert cli("--file", phases, "audit", env=env).exit_code == 0
    missing = cli("--file", phases, "audit", "--trust", str(proj.folder / "nope.pub"), env=env)
    assert missing.exit_code == 2 and "cannot read" in missing.output and "Traceback" not in missing.output
    with db(proj) as conn:
        conn.execute("DELETE FROM events WHERE kind = 'advance'")
    broken = cli("--file", phases, "audit", env=env)
    assert broken.exit_code == 1 and "audit: BROKEN: event " in broken.output


def test_a_record_that_no_longer_parses_is_a_finding_not_a_crash(proj):
    with db(proj) as conn:
        conn.execute("UPDATE events SET body = '{\"kind\": \"tick\"' WHERE kind = 'tick'")
    assert proj.run(audit) == ExitCode.FAILED
    assert (
        proj.stdout.startswith("audit: BROKEN: store ")
        and ": a record: unreadable: expected a readable record" in proj.stdout
    )


def test_an_edited_or_deleted_latest_result_is_found(proj):
    """`status` reads the latest results, not history: a pass typed into them is found by audit."""
    with db(proj) as conn:
        key, body = conn.execute("SELECT check_id, body FROM latest WHERE phase = 1 ORDER BY check_id").fetchone()
        faked = json.dumps({**json.loads(body), "status": "pass", "message": "all good"})
        conn.execute("UPDATE latest SET body = ? WHERE phase = 1 AND check_id = ?", (faked, key))
        conn.execute("DELETE FROM latest WHERE phase = 1 AND check_id <> ?", (key,))
        kept = conn.execute("SELECT count(*) FROM results WHERE phase = 1").fetchone()[0]
    assert proj.run(audit) == ExitCode.FAILED
    assert proj.stdout.startswith(f"audit: BROKEN: latest result 1.{key}: message: differs from the newest recorded")
    assert proj.run(audit, as_json=True) == ExitCode.FAILED
    problems = [(p["record"], p["what"]) for p in json.loads(proj.stdout)["problems"]]
    assert problems[0] == (f"latest result 1.{key}", "differs from the newest recorded result")
    assert sorted(what for _, what in problems[1:]) == ["deleted"] * (kept // 2 - 1), problems
