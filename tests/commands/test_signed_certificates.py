"""Signed certificates: `advance` signs with TTA_TIMELINE_SIGNING_KEY, `audit --trust KEY.pub` verifies."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.helpers import PASSING, cli, write_phases
from tta_timeline.commands.advance import advance
from tta_timeline.commands.audit import audit
from tta_timeline.commands.history import history
from tta_timeline.commands.signing import SIGNING_KEY_ENV
from tta_timeline.core.errors import UsageError
from tta_timeline.core.exit_codes import ExitCode
from tta_timeline.domain.signature import key_id


def _pem(key: Ed25519PrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def _public(folder: Path, name: str, key: Ed25519PrivateKey) -> Path:
    path = folder / name
    public = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    path.write_bytes(public)
    return path


@pytest.fixture
def keys(project):
    write_phases(project.folder, PASSING)
    ours, theirs = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    return ours, theirs, _public(project.folder, "ours.pub", ours), _public(project.folder, "theirs.pub", theirs)


def _advance_signed(project, key: Ed25519PrivateKey, phase: int = 1) -> None:
    assert project.run(advance, phase=phase, env={SIGNING_KEY_ENV: _pem(key)}) == ExitCode.OK


def _audit(project, *trust: Path) -> tuple[int, dict]:
    code = project.run(audit, trust=list(trust), as_json=True)
    return code, json.loads(project.stdout)


def test_a_signed_certificate_verifies_with_the_right_key_and_fails_with_another(project, keys):
    ours, theirs, ours_pub, theirs_pub = keys
    _advance_signed(project, ours)
    code, doc = _audit(project, ours_pub)
    assert code == ExitCode.OK and doc["certificates"] == {
        "checked": 1,
        "signed": 1,
        "keys": {key_id(ours.public_key()): 1},
    }
    code, doc = _audit(project, theirs_pub)
    assert code == ExitCode.FAILED
    [problem] = doc["problems"]
    assert problem["field"] == "signature"
    assert problem["what"] == f"signed by {key_id(ours.public_key())}, which is not a trusted key"
    # without --trust the signature is still checked against the key it names
    assert project.run(audit) == ExitCode.OK and "1 signed (by ed25519:" in project.stdout


def test_an_edited_signed_certificate_fails_even_with_its_link_resealed(project, keys):
    ours, _, ours_pub, _ = keys
    _advance_signed(project, ours)
    with sqlite3.connect(project.folder / ".tta-timeline" / "state.db") as db:
        body = json.loads(db.execute("SELECT body FROM events WHERE kind = 'advance'").fetchone()[0])
        body["data"]["certificate"]["actor"] = "mallory"
        db.execute("UPDATE events SET body = ? WHERE kind = 'advance'", (json.dumps(body),))
    code, doc = _audit(project, ours_pub)
    assert code == ExitCode.FAILED
    assert [(p["field"], p["what"]) for p in doc["problems"]] == [
        ("data", "changed since it was recorded (seq 2)"),
        (
            "signature",
            f"the signature by {key_id(ours.public_key())} does not match the certificate (edited after signing)",
        ),
    ]


def test_trusting_a_key_reports_unsigned_advancements(project, keys):
    ours, _, ours_pub, _ = keys
    assert project.run(advance, phase=1) == ExitCode.OK  # no key: unsigned
    _advance_signed(project, ours, phase=2)
    assert project.run(audit) == ExitCode.OK  # nobody asked for signatures
    code, doc = _audit(project, ours_pub)
    assert code == ExitCode.FAILED
    assert [(p["record"].split(" (")[1], p["field"], p["found"]) for p in doc["problems"]] == [
        ("advance, phase 1)", "signature", "no signature")
    ]


def test_the_certificate_names_the_chain_head_it_follows(project, keys):
    _advance_signed(project, keys[0])
    cert = project.store().events(1)[0].data["certificate"]
    assert cert["chain"]["seq"] == 1 and cert["chain"]["head"] == project.store().chain()[0].hash


def test_history_certificate_shows_who_signed(project, keys):
    ours = keys[0]
    _advance_signed(project, ours)
    assert project.run(history, phase=1, certificate=True) == ExitCode.OK
    assert re.search(rf"signed by +{key_id(ours.public_key())}", project.stdout)
    assert project.run(history, phase=1, certificate=True, as_json=True) == ExitCode.OK
    assert json.loads(project.stdout)["signature"]["key_id"] == key_id(ours.public_key())


def test_the_signing_key_is_never_printed(project, keys):
    ours = keys[0]
    pem = _pem(ours)
    secret_line = pem.splitlines()[1]
    env = {**project.env, SIGNING_KEY_ENV: pem}
    result = cli("--file", str(project.folder / "phases.yaml"), "advance", "--json", "--debug", env=env)
    assert result.exit_code == 0, result.output
    assert secret_line not in result.output and json.loads(result.stdout)["certificate"]["chain"]["seq"] == 1
    shown = cli("--file", str(project.folder / "phases.yaml"), "history", "--certificate", "--phase", "1", env=env)
    assert shown.exit_code == 0 and secret_line not in shown.output
    stored = b"".join(path.read_bytes() for path in (project.folder / ".tta-timeline").iterdir())
    assert secret_line.encode() not in stored  # only the public key is kept beside the signature


def test_a_bad_signing_key_is_a_usage_error_that_does_not_show_it(project, keys):
    write_phases(project.folder, PASSING)
    with pytest.raises(UsageError) as caught:
        project.run(advance, phase=1, env={SIGNING_KEY_ENV: "-----BEGIN PRIVATE KEY-----\nnot-a-key-at-all\n"})
    assert str(caught.value) == f"{SIGNING_KEY_ENV}: not a PEM private key without a passphrase"
    with pytest.raises(UsageError, match=f"{SIGNING_KEY_ENV}: cannot read the key file it names"):
        project.run(advance, phase=1, env={SIGNING_KEY_ENV: "missing/key.pem"})
    assert project.store().events() == []  # refused before anything ran or was recorded


def test_a_key_file_path_works_and_ssh_public_keys_are_trusted(project, keys):
    ours = keys[0]
    (project.folder / "signing.pem").write_text(_pem(ours))
    assert project.run(advance, phase=1, env={SIGNING_KEY_ENV: "signing.pem"}) == ExitCode.OK
    ssh = ours.public_key().public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
    (project.folder / "ours_ssh.pub").write_bytes(ssh + b" ci@example\n")
    code, doc = _audit(project, Path("ours_ssh.pub"))
    assert code == ExitCode.OK and doc["trusted_keys"] == [key_id(ours.public_key())]


def test_report_shows_per_phase_who_certified_and_the_audit_state(project, keys):
    from tta_timeline.commands.report import render

    ours = keys[0]
    _advance_signed(project, ours)
    assert project.run(advance, phase=2) == ExitCode.OK
    session = project.session()
    try:
        text = render(session, "markdown")
        doc = json.loads(render(session, "json"))
    finally:
        session.close()
    assert "**Audit**: OK: the hash chain of 4 records is unbroken and every certificate holds" in text
    assert f"**Certified:** yes, signed by {key_id(ours.public_key())} (advanced by alice)" in text
    assert "**Certified:** yes, not signed (advanced by alice)" in text
    assert doc["phases"][0]["certificate"]["key_id"] == key_id(ours.public_key())
    with sqlite3.connect(project.folder / ".tta-timeline" / "state.db") as db:
        db.execute("UPDATE results SET body = replace(body, '\"pass\"', '\"fail\"')")
    session = project.session()
    try:
        text = render(session, "markdown")
    finally:
        session.close()
    assert re.search(r"\*\*Audit\*\*: BROKEN: 8 problems; the first: run \w{8} .*: results\[0\] \(1.readme\)", text)
    assert "**Certified:** NO: its certificate does not hold (advanced by alice); see `tta-timeline audit`" in text
