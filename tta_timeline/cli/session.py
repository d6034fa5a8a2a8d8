"""What every command gets: global options, the loaded phases file, the store, consoles, seams."""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import IO, Any

from tta_timeline.config.loader import Loaded, load
from tta_timeline.core.runtime import Runtime
from tta_timeline.core.secrets import Redactor, mask_url
from tta_timeline.store import Store, open_store

DEFAULT_FILE = "phases.yaml"
STORE_DIR = ".tta-timeline"
BACKENDS = ("mock", "real")


@dataclass
class Session:
    file: Path | None = None
    root: Path | None = None
    store_target: str | None = None
    no_color: bool = False
    debug: bool = False
    runtime: Runtime = field(default_factory=Runtime)
    stdout: IO[str] | None = None  # seams for tests; default sys.stdout / sys.stderr at use time
    stderr: IO[str] | None = None

    @property
    def phases_file(self) -> Path:
        given = self.file or Path(self.runtime.env.get("TTA_TIMELINE_FILE") or DEFAULT_FILE)
        return given if given.is_absolute() else self.runtime.cwd / given

    @cached_property
    def loaded(self) -> Loaded:
        root = self.root if self.root is None or self.root.is_absolute() else self.runtime.cwd / self.root
        return load(self.phases_file, self.runtime.env, root)

    @property
    def timeline(self) -> Any:
        return self.loaded.timeline

    @property
    def redactor(self) -> Redactor:
        return self.loaded.redactor if "loaded" in self.__dict__ else Redactor()

    @property
    def store_location(self) -> str:
        target = self.store_target or self.runtime.env.get("TTA_TIMELINE_STORE")
        if target:
            return target
        return str(self.phases_file.parent / STORE_DIR / "state.db")

    @cached_property
    def store(self) -> Store:
        target = self.store_location
        if "://" in target:
            # the project name gives shared stores their default per-project key prefix
            return open_store(target, env=self.runtime.env, redactor=self.redactor, project=self.timeline.project)
        path = Path(target)
        return open_store(str(path if path.is_absolute() else self.runtime.cwd / path))

    @property
    def store_display(self) -> str:
        return mask_url(self.store_location)

    def backend(self, given: str | None) -> str:
        """--backend, else TTA_TIMELINE_BACKEND, else the file's defaults.backend."""
        from tta_timeline.core.errors import UsageError

        backend = given or self.runtime.env.get("TTA_TIMELINE_BACKEND") or self.timeline.defaults.backend
        if backend not in BACKENDS:
            raise UsageError(f"--backend {backend}: expected one of {', '.join(BACKENDS)}")
        return backend

    def state(self) -> Any:
        from tta_timeline.domain.state import derive

        return derive(self.timeline, self.store, self.runtime.now())

    def console(self, stderr: bool = False) -> Any:
        from tta_timeline.output.console import make_console

        out = (self.stderr or sys.stderr) if stderr else (self.stdout or sys.stdout)
        return make_console(out, self.no_color, self.runtime.env)

    def write_json(self, document: Any) -> None:
        """JSON goes to stdout untouched by Rich; redacted like every other output."""
        import json

        from tta_timeline.output.streams import json_ascii

        out = self.stdout or sys.stdout
        text = json.dumps(self.redactor.deep(document), indent=2, default=str, ensure_ascii=json_ascii(out))
        out.write(text + "\n")

    def close(self) -> None:
        if "store" in self.__dict__:
            self.store.close()
