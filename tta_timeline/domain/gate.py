"""The advancement rules, pure: derived state + a fresh run's results in, every refusal reason out."""

from __future__ import annotations

from dataclasses import dataclass, field

from tta_timeline.core.results import CheckResult, Status
from tta_timeline.domain.state import CheckState, PhaseState, TimelineState


@dataclass
class Verdict:
    """What the gate decided for one phase; `counted` says how each required check was satisfied."""

    phase: int
    reasons: list[str] = field(default_factory=list)
    counted: dict[str, str] = field(default_factory=dict)  # check id -> "pass" | "ticked" | "waived"

    @property
    def allowed(self) -> bool:
        return not self.reasons


def evaluate(
    state: TimelineState,
    phase_id: int,
    fresh: list[CheckResult],
    backend: str,
    allow_regressed: bool = False,
) -> Verdict:
    """Every reason phase `phase_id` may not advance now; the caller decides whether to force."""
    ps = state.get(phase_id)
    verdict = Verdict(phase_id)
    verdict.reasons += dependency_reasons(state, ps, allow_regressed)
    results = {r.check: r for r in fresh if r.phase == phase_id}
    for cs in ps.checks:
        reason = _check_reason(cs, results.get(cs.check.id), verdict)
        if reason:
            verdict.reasons.append(reason)
    verdict.reasons += mock_evidence_reasons(ps, fresh, backend)
    return verdict


def dependency_reasons(state: TimelineState, ps: PhaseState, allow_regressed: bool) -> list[str]:
    reasons = []
    for dep_id in ps.phase.depends_on or []:
        dep = state.get(dep_id)
        if dep.state == "complete":
            continue
        if dep.state == "regressed":
            if not allow_regressed:
                failed = ", ".join(dep.regressed_checks)
                reasons.append(
                    f"dependency phase {dep_id} ({dep.phase.name}) regressed ({failed}); "
                    "fix it or pass --allow-regressed"
                )
            continue
        shown = f"{dep.state}: {dep.note}" if dep.note else dep.state
        reasons.append(f"dependency phase {dep_id} ({dep.phase.name}) is not complete (it is {shown})")
    return reasons


def _check_reason(cs: CheckState, result: CheckResult | None, verdict: Verdict) -> str | None:
    """None when the check does not stop advancement; records how a required check was counted."""
    check = cs.check
    if not check.required:
        return None
    # A ticked kind never earns a pass by running; only a person's tick counts.
    ticked = check.ticked
    if ticked and cs.ticked is not None:
        verdict.counted[check.id] = "ticked"
        return None
    if not ticked and result is not None and result.status is Status.PASS:
        verdict.counted[check.id] = "pass"
        return None
    if cs.waived:
        verdict.counted[check.id] = "waived"
        return None
    label = f"{verdict.phase}.{check.id}"
    expired = ""
    if cs.waiver is not None and cs.waiver_expired:
        expired = f"; its waiver expired {cs.waiver.until.isoformat() if cs.waiver.until else ''}".rstrip()
    if ticked:
        return f"required manual check {label} is not ticked{expired}"
    if result is None:
        return f"required check {label} has no result in the fresh verify{expired}"
    message = f": {result.message}" if result.message else ""
    return f"required check {label} is {result.status.value}{message}{expired}"


def mock_evidence_reasons(ps: PhaseState, fresh: list[CheckResult], backend: str) -> list[str]:
    """A requires_real phase may not advance on evidence a mock service produced."""
    if not ps.phase.requires_real:
        return []
    if backend == "mock":
        return [f"phase {ps.phase.id} requires_real, but this verify used the mock backend; run with --backend real"]
    served = {cs.check.id for cs in ps.checks if cs.check.service is not None}
    mocked = [
        r.check
        for r in fresh
        if r.phase == ps.phase.id
        and r.check in served
        and r.status is not Status.SKIP  # a skipped check produced no evidence at all
        and r.backend == "mock"
    ]
    if not mocked:
        return []
    return [
        f"phase {ps.phase.id} requires_real, but evidence for {', '.join(mocked)} came from the "
        "mock backend; run with --backend real"
    ]
