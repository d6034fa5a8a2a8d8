"""A starter phases file drafted from what a repository holds (for `tta-timeline init`).

It looks, without running anything, for a web entry point, a Dockerfile, a pytest suite, a compose
file naming Redis or Neo4j services and a CI workflow, and turns each into checks a person then edits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tta_timeline.checks.all_kinds import MANUAL
from tta_timeline.core.words import counted

ENTRY_POINTS = ("app/main.py", "main.py", "app.py", "src/main.py", "manage.py", "asgi.py", "wsgi.py", "server.py")
COMPOSE_FILES = ("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml")
TEST_FOLDERS = ("tests", "test")
SERVICE_PORTS = {"redis": 6379, "neo4j": 7687}


@dataclass
class Found:
    """What was detected (for the user) and the phases drafted from it."""

    detected: list[str] = field(default_factory=list)
    runnable: list[dict[str, Any]] = field(default_factory=list)
    tested: list[dict[str, Any]] = field(default_factory=list)
    services: dict[str, dict[str, Any]] = field(default_factory=dict)


def scan(root: Path) -> Found:
    found = Found()
    _entry_point(root, found)
    if (root / "Dockerfile").is_file():
        found.detected.append("a Dockerfile")
        found.runnable.append({"id": "dockerfile", "name": "the image is described", "file": {"path": "Dockerfile"}})
    _pytest(root, found)
    _compose(root, found)
    _ci(root, found)
    return found


def _module(relative: Path, root: Path) -> str | None:
    """`app/main.py` -> `app.main` when every folder on the way is a package (so `import` finds it)."""
    parts = relative.with_suffix("").parts
    folders = [root.joinpath(*parts[:i]) for i in range(1, len(parts))]
    return ".".join(parts) if all((f / "__init__.py").is_file() for f in folders) else None


def _entry_point(root: Path, found: Found) -> None:
    path = next((p for p in ENTRY_POINTS if (root / p).is_file()), None)
    if path is None:
        return
    found.detected.append(f"a web entry point ({path})")
    found.runnable.append({"id": "entry-point", "name": f"{path} exists", "file": {"path": path}})
    module = _module(Path(path), root)
    if module and all(part.isidentifier() for part in module.split(".")):
        found.runnable.append(
            {
                "id": "imports",
                "name": f"{module} imports without errors",
                "command": {"run": ["python", "-c", f"import {module}"]},
            }
        )


def _pytest(root: Path, found: Found) -> None:
    folder = next((f for f in TEST_FOLDERS if (root / f).is_dir()), None)
    if folder is None:
        return
    tests = [p for pattern in ("test_*.py", "*_test.py") for p in (root / folder).rglob(pattern)]
    if not tests:
        return
    found.detected.append(f"a pytest suite ({folder}/, {counted(len(tests), 'test file')})")
    found.tested.append(
        {"id": "tests", "name": "the test suite passes", "pytest": {"args": [folder, "-q"], "max_failed": 0}}
    )


def _compose(root: Path, found: Found) -> None:
    for name in COMPOSE_FILES:
        path = root / name
        if not path.is_file():
            continue
        try:
            services = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("services") or {}
        except (yaml.YAMLError, OSError, UnicodeDecodeError, AttributeError):
            found.detected.append(f"{name} (not readable as YAML; skipped)")
            return
        for service, spec in services.items() if isinstance(services, dict) else ():
            image = str((spec or {}).get("image", "")) if isinstance(spec, dict) else ""
            for kind in SERVICE_PORTS:
                if kind in str(service).lower() or kind in image.lower():
                    found.services.setdefault(kind, {"name": str(service), "port": _port(spec, SERVICE_PORTS[kind])})
        if found.services:
            names = ", ".join(f"{kind} ({s['name']})" for kind, s in found.services.items())
            found.detected.append(f"compose services {names} in {name}")
        return


def _port(spec: Any, inner: int) -> int:
    """The host port published for the service's usual port, else that port."""
    for entry in (spec.get("ports") or []) if isinstance(spec, dict) else []:
        if isinstance(entry, dict) and entry.get("target") == inner and str(entry.get("published", "")).isdigit():
            return int(entry["published"])
        bits = str(entry).split("/")[0].split(":")
        if len(bits) >= 2 and bits[-1] == str(inner) and bits[-2].isdigit():
            return int(bits[-2])
    return inner


def _ci(root: Path, found: Found) -> None:
    workflows = sorted((root / ".github" / "workflows").glob("*.y*ml")) if (root / ".github").is_dir() else []
    candidates = [p.relative_to(root).as_posix() for p in workflows]
    candidates += [n for n in (".gitlab-ci.yml", ".circleci/config.yml", "Jenkinsfile") if (root / n).is_file()]
    if candidates:
        found.detected.append(f"a CI workflow ({candidates[0]})")
        found.tested.append({"id": "ci", "name": "CI runs on every change", "file": {"path": candidates[0]}})


def draft(root: Path, project: str) -> dict[str, Any]:
    """The phases file as data: runnable, tested, services, release (empty phases left out)."""
    found = scan(root)
    phases = [
        ("Runnable", "The application starts from its entry point.", "2h", found.runnable),
        ("Tested", "The test suite runs and passes, in CI too.", "4h", found.tested),
        ("Services", "Redis and Neo4j answer (mock backend until --backend real).", "2h", _service_checks(found)),
        ("Release", "Documented and reviewed.", "1h", _release_checks(root)),
    ]
    data: dict[str, Any] = {"version": 1, "project": project, "root": "."}
    if found.services:
        data["services"] = _services(found)
    data["phases"] = [
        {"id": i, "name": name, "objective": objective, "estimate": estimate, "checks": checks}
        for i, (name, objective, estimate, checks) in enumerate((p for p in phases if p[3]), 1)
    ]
    return {"detected": found.detected, "data": data}


def _services(found: Found) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "neo4j" in found.services:
        port = found.services["neo4j"]["port"]
        out["neo4j"] = {
            "uri": f"${{NEO4J_URI:-bolt://localhost:{port}}}",
            "user": "${NEO4J_USER:-neo4j}",
            "password": "${NEO4J_PASSWORD:-}",
        }
    if "redis" in found.services:
        out["redis"] = {"url": f"${{REDIS_URL:-redis://localhost:{found.services['redis']['port']}/0}}"}
    return out


def _service_checks(found: Found) -> list[dict[str, Any]]:
    return [{"id": f"{kind}-ping", "name": f"{kind} answers", kind: {"op": "ping"}} for kind in found.services]


def _release_checks(root: Path) -> list[dict[str, Any]]:
    readme = next((p.name for p in sorted(root.glob("README*")) if p.is_file()), None)
    checks: list[dict[str, Any]] = (
        [{"id": "readme", "name": "a README explains the project", "file": {"path": readme}}] if readme else []
    )
    return [*checks, {"id": "reviewed", MANUAL: "Reviewed by a second person"}]
