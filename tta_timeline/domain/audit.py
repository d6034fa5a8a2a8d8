"""`audit`, pure: the hash chain, every record against its link, every certificate against its run.

The store gives what it holds (links, runs, events, its head); this says what no longer holds together,
each problem naming the record, the field, what was expected and what was found.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from tta_timeline.core import chain, records
from tta_timeline.core.events import Event
from tta_timeline.core.results import CheckResult, Run


@dataclass(frozen=True)
class Problem:
    record: str  # "run 1a2b3c4d", "event 5e6f7a8b (reopen, phase 2)", "link 14"
    field: str
    expected: str | None
    found: str | None
    what: str  # a short sentence: changed, deleted, inserted, ...

    def line(self) -> str:
        compared = f": expected {self.expected}, found {self.found}" if self.expected or self.found else ""
        return f"{self.record}: {self.field}: {self.what}{compared}"

    def document(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class History:
    """What a store holds, read once: every link (oldest first), run and event, and its head."""

    links: list[chain.Link]
    runs: list[Run]
    events: list[Event]
    head: tuple[int, str]
    #: the store's latest result per check, which `status` reads instead of history (None: not checked)
    latest: list[CheckResult] | None = None


@dataclass
class Audit:
    links: int
    runs: int
    events: int
    head: str
    problems: list[Problem] = field(default_factory=list)
    certificates: int = 0
    signed: int = 0
    #: key id -> number of certificates it signed (verified against its own public key)
    keys: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def describe(record: Run | Event) -> str:
    if isinstance(record, Run):
        return f"run {record.id[:8]} ({record.started_at.isoformat()})"
    return f"event {record.id[:8]} ({record.kind}, phase {record.phase})"


def check_chain(links: list[chain.Link], head: tuple[int, str]) -> list[Problem]:
    """Every link in order, each naming the one before it, each hash what its contents give."""
    problems: list[Problem] = []
    prev_seq, prev_hash = 0, chain.GENESIS
    for link in links:
        where = f"link {link.seq} ({link.kind} {link.id[:8]})"
        if link.seq != prev_seq + 1:
            missing = f"link {prev_seq + 1}" if link.seq == prev_seq + 2 else f"links {prev_seq + 1}-{link.seq - 1}"
            problems.append(Problem(where, "seq", str(prev_seq + 1), str(link.seq), f"{missing} missing (deleted)"))
        elif link.prev != prev_hash:
            problems.append(Problem(where, "prev", prev_hash, link.prev, "does not follow the link before it"))
        recomputed = chain.link_hash(link.seq, link.kind, link.id, link.sha256, link.prev)
        if recomputed != link.hash:
            problems.append(Problem(where, "hash", recomputed, link.hash, "the link was edited"))
        prev_seq, prev_hash = link.seq, link.hash
    if head != (prev_seq, prev_hash) and head[0] != 0:
        problems.append(
            Problem("chain head", "head", f"{head[0]} {head[1]}", f"{prev_seq} {prev_hash}", "links after it missing")
        )
    return problems


def check_records(links: list[chain.Link], runs: list[Run], events: list[Event]) -> tuple[list[Problem], set[str]]:
    """Each record hashes to its link's sha256; a record without a link was inserted, a link without one deleted.
    Also the ids of the records that changed (hashed once here; check_latest leaves out what came from them)."""
    changed: set[str] = set()
    by_key = {(link.kind, link.id): link for link in links}
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    records: list[Run | Event] = [*runs, *events]
    for record in records:
        key = (chain.kind_of(record), record.id)
        seen.add(key)
        link = by_key.get(key)
        if link is None:
            problems.append(
                Problem(describe(record), "link", "a link in the chain", "none", "not in the chain (inserted)")
            )
            continue
        form = chain.record_form(record)
        sha = chain.sha256_hex(form)
        if sha != link.sha256:
            changed.add(record.id)
            fields = changed_fields(link.parts, chain.parts_of(form), form)
            problems.append(
                Problem(describe(record), fields, link.sha256, sha, f"changed since it was recorded (seq {link.seq})")
            )
    for link in links:
        if (link.kind, link.id) not in seen:
            problems.append(
                Problem(f"{link.kind} {link.id[:8]}", "record", "present", "missing", f"deleted (seq {link.seq})")
            )
    return problems, changed


def changed_fields(sealed: dict[str, str], now: dict[str, str], form: dict[str, Any]) -> str:
    """Which fields differ from what was sealed, e.g. `results[0] (1.readme)`, `reason`; `body` if unknown."""
    if not sealed:
        return "body"
    names = [name for name in sorted(set(sealed) | set(now), key=_field_order) if sealed.get(name) != now.get(name)]
    return ", ".join(_field_label(name, form) for name in names) or "body"


def _field_order(name: str) -> tuple[int, int, str]:
    if name.startswith("results["):
        return (1, int(name[8:-1]), "")
    return (0, 0, name)


def _field_label(name: str, form: dict[str, Any]) -> str:
    if not name.startswith("results["):
        return name
    index = int(name[8:-1])
    results = form.get("results") or []
    if index < len(results):
        return f"{name} ({results[index].get('phase')}.{results[index].get('check')})"
    return name


def check_latest(
    links: list[chain.Link], runs: list[Run], changed: set[str], latest: list[CheckResult]
) -> list[Problem]:
    """The latest results `status` reads are the newest of the intact runs: an edit there changes what `status`
    shows without touching history. Newest by `at`, a tie to the later-recorded, as the stores keep them. A
    changed or deleted run is already a problem of its own, so what came from it is not compared again."""
    sealed = {link.id: link for link in links if link.kind == "run"}
    intact = [run for run in runs if run.id in sealed and run.id not in changed]
    expected: dict[str, CheckResult] = {}
    for run in sorted(intact, key=lambda r: sealed[r.id].seq):
        for result in run.results:
            if result.key not in expected or result.at >= expected[result.key].at:
                expected[result.key] = result
    untrusted = sealed.keys() - {run.id for run in intact}
    from_untrusted = {result.key for result in latest if result.run_id in untrusted}
    found = {result.key: result for result in latest}
    problems: list[Problem] = []
    for key in sorted((set(expected) | set(found)) - from_untrusted):
        want, got = expected.get(key), found.get(key)
        if got is None:
            problems.append(Problem(f"latest result {key}", "record", "present", "missing", "deleted"))
        elif want is None:
            problems.append(Problem(f"latest result {key}", "record", "none", "present", "from no recorded run"))
        elif (recorded := records.form(want)) != (shown := records.form(got)):
            fields = ", ".join(
                sorted(name for name in recorded.keys() | shown.keys() if recorded.get(name) != shown.get(name))
            )
            problems.append(
                Problem(f"latest result {key}", fields, None, None, "differs from the newest recorded result")
            )
    return problems


def audit_history(history: History) -> Audit:
    """The chain, the records and the latest results; certificates are added by `certificates.audit_certificates`."""
    result = Audit(links=len(history.links), runs=len(history.runs), events=len(history.events), head=history.head[1])
    result.problems += check_chain(history.links, history.head)
    problems, changed = check_records(history.links, history.runs, history.events)
    result.problems += problems
    if history.latest is not None:
        result.problems += check_latest(history.links, history.runs, changed, history.latest)
    return result
