"""What every command gets: global options, the loaded phases file, the store, consoles, seams."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from tta_timeline.config import load_cache
from tta_timeline.config.discovery import discover
from tta_timeline.config.outline import outline_of
from tta_timeline.core.errors import UsageError
from tta_timeline.core.paths import shown
from tta_timeline.core.runtime import Runtime
from tta_timeline.core.secrets import Redactor, mask_url
from tta_timeline.core.timefmt import timestamps
from tta_timeline.domain.state import derive
from tta_timeline.output.render import json_text
from tta_timeline.output.streams import json_ascii
from tta_timeline.store import Store, open_store
from tta_timeline.store.masked import MaskedStore

if TYPE_CHECKING:
    from tta_timeline.checks.base import CheckKind
    from tta_timeline.config.loader import Loaded
    from tta_timeline.config.outline import Outline

DEFAULT_FILE = "phases.yaml"
STORE_DIR = ".tta-timeline"
BACKENDS = ("mock", "real")


@dataclass
class Session:
    file: Path | None = None
    root: Path | None = None
    store_target: str | None = None
    namespace: str | None = None
    no_color: bool = False
    debug: bool = False
    env_files: list[Path] = field(default_factory=list)
    runtime: Runtime = field(default_factory=Runtime)
    stdout: IO[str] | None = None  # seams for tests; default sys.stdout / sys.stderr at use time
    stderr: IO[str] | None = None
    #: the check kinds phases files may use (a seam: a test registers a kind without touching the registry)
    #: None is checks/all_kinds.py, imported when first asked for (a warm `status` imports no kind)
    kind_registry: Mapping[str, CheckKind] | None = None

    @property
    def kinds(self) -> Mapping[str, CheckKind]:
        if self.kind_registry is None:
            # lazy: the kinds build validators; a warm status (the load cache) uses none
            from tta_timeline.checks.all_kinds import KINDS

            self.kind_registry = KINDS
        return self.kind_registry

    @property  # not cached: `import --output` names the file the session then describes
    def phases_file(self) -> Path:
        """--file, else TTA_TIMELINE_FILE, else phases.yaml here or in a parent folder (up to the repository root)."""
        named = self.file or self.runtime.env.get("TTA_TIMELINE_FILE")
        if named:
            path = Path(named)
            return path if path.is_absolute() else self.runtime.cwd / path
        return discover(self.runtime.cwd) or self.runtime.cwd / DEFAULT_FILE

    @property
    def shown_file(self) -> str:
        """The phases file as messages name it: relative under the current folder, else absolute."""
        return shown(self.phases_file, self.runtime.cwd)

    @cached_property
    def loaded(self) -> Loaded:
        return self._load()

    def _load(self, raw: bytes | None = None) -> Loaded:
        # lazy: the loader parses YAML; a warm read command (the load cache) of a file without secrets parses none
        from tta_timeline.config.loader import load

        root = self.root if self.root is None or self.root.is_absolute() else self.runtime.cwd / self.root
        self.say_debug(f"phases file {self.phases_file}")
        loaded = load(
            self.phases_file, self.runtime.env, root, shown=self.shown_file, raw=raw, kinds=self.kind_registry
        )
        self.redactor.add(*loaded.secrets, source="a secret of the phases file")
        return loaded

    @cached_property
    def outline(self) -> Outline:
        """What the read commands show: from the load cache when it holds these bytes, else from a full load."""
        path = self.phases_file
        try:
            raw = path.read_bytes()
        except OSError:
            raw = None  # the load says what is wrong with the file
        if "loaded" in self.__dict__ or raw is None:
            return outline_of(self.loaded.timeline)
        key, cache = load_cache.cache_key(raw, self.runtime.env, path, self.root), self.load_cache_file
        hit = load_cache.read(cache, key)
        if hit is not None:
            self.say_debug(f"phases file {path}")
            self.say_debug(f"outline from the load cache {cache}")
            secrets = load_cache.warm_secrets(path, raw, self.runtime.env, hit)
            self.redactor.add(*secrets, source="a secret of the phases file")
            return hit.outline
        self.__dict__["loaded"] = loaded = self._load(raw)
        outline = outline_of(loaded.timeline)
        folder = "://" not in self.store_location
        load_cache.write(cache, key, outline, self.redactor, make_folder=folder, holds_secrets=loaded.holds_secrets)
        return outline

    @property
    def load_cache_file(self) -> Path:
        """Beside the SQLite store (its folder is the store folder); a server store's is the default folder, if there is one."""
        location = self.store_location
        if "://" in location:
            name = "state" if self.phases_file.stem == "phases" else self.phases_file.stem
            return self.phases_file.parent / STORE_DIR / f"{name}.load-cache.json"
        path = Path(location)
        path = path if path.is_absolute() else self.runtime.cwd / path
        return path.with_name(f"{path.stem}.load-cache.json")

    @property
    def timeline(self) -> Any:
        return self.loaded.timeline

    @cached_property
    def redactor(self) -> Redactor:
        """The run's one secret registry: the environment and the store now, the phases file once loaded."""
        # lazy: the Redis store's module only for a redis:// store
        from tta_timeline.store.redis_store import PASSWORD_ENV

        secrets = Redactor()
        secrets.add_env(self.runtime.env)
        secrets.add_url(self.store_target, source="the --store URL password")
        secrets.add(self.runtime.env.get(PASSWORD_ENV), source=PASSWORD_ENV)
        return secrets

    @property
    def store_location(self) -> str:
        target = self.store_target or self.runtime.env.get("TTA_TIMELINE_STORE")
        if target:
            return target
        # one store per phases file: alpha.yaml and beta.yaml in one folder are separate timelines
        name = "state" if self.phases_file.stem == "phases" else self.phases_file.stem
        return str(self.phases_file.parent / STORE_DIR / f"{name}.db")

    @cached_property
    def store(self) -> Store:
        target = self.store_location
        return self.open_store(target)

    def open_store(self, target: str) -> Store:
        """A store whose records are masked on the way in, like every other output."""
        # the project name gives every store its default namespace: a key prefix, or an SQLite file's owner
        scope = {"project": self.outline.project, "namespace": self.namespace}
        if "://" in target:
            opened = open_store(target, env=self.runtime.env, redactor=self.redactor, **scope)
        else:
            path = Path(target)
            full = path if path.is_absolute() else self.runtime.cwd / path
            opened = open_store(str(full), display=shown(full, self.runtime.cwd), **scope)
        if opened.sealed:
            runs, events = opened.sealed
            self.out(stderr=True).write(
                f"store {mask_url(opened.display)}: sealed {runs} runs and {events} events recorded before the hash "
                "chain into it (`tta-timeline audit` checks them from now on)\n"
            )
        return MaskedStore(opened, self.redactor)  # type: ignore[return-value]

    @property
    def store_display(self) -> str:
        target = self.store_location
        return mask_url(target) if "://" in target else shown(target, self.runtime.cwd)

    def backend(self, given: str | None) -> str:
        """--backend, else TTA_TIMELINE_BACKEND, else the file's defaults.backend."""
        backend = given or self.runtime.env.get("TTA_TIMELINE_BACKEND") or self.timeline.defaults.backend
        if backend not in BACKENDS:
            raise UsageError(f"--backend {backend}: expected one of {', '.join(BACKENDS)}")
        return backend

    def state(self) -> Any:
        return derive(self.timeline, self.store, self.runtime.now())

    def outline_state(self) -> Any:
        """The state the read commands show, derived from the outline: no check spec is needed."""
        return derive(self.outline, self.store, self.runtime.now())

    def out(self, stderr: bool = False) -> IO[str]:
        """stdout (or stderr), masking every secret of the run's registry."""
        stream = (self.stderr or sys.stderr) if stderr else (self.stdout or sys.stdout)
        return self.redactor.stream(stream)  # type: ignore[return-value]

    def console(self, stderr: bool = False) -> Any:
        # lazy: a Rich console only for what prints through one (JSON does not)
        from tta_timeline.output.console import make_console

        return make_console(self.out(stderr), self.no_color, self.runtime.env)

    def json_text(self, document: Any, ascii_only: bool = False) -> str:
        """The one JSON rendering of a document (CLI and web alike): values are masked before serialising."""
        return json_text(self.redactor.deep(timestamps(document)), ascii_only)

    def write_json(self, document: Any) -> None:
        """JSON goes to stdout untouched by Rich, so it stays JSON; \\u escapes where the stream cannot show every character."""
        out = self.stdout or sys.stdout
        out.write(self.json_text(document, json_ascii(out)))

    def load_env_files(self) -> None:
        """Add the variables of `.env` beside the phases file and of --env-file, before anything reads the environment."""
        beside = self.phases_file.parent / ".env"
        if not self.env_files and not beside.is_file():
            return
        # lazy: python-dotenv only when there is an env file to read
        from tta_timeline.config.env_files import environment

        given = [path if path.is_absolute() else self.runtime.cwd / path for path in self.env_files]
        env, files = environment(self.runtime.env, self.phases_file, given)
        self.runtime = replace(self.runtime, env=env)
        if "redactor" in self.__dict__:  # made before this: it must learn the files' secrets too
            self.redactor.add_env(env)
        for path in files:
            self.say_debug(f"environment file {path}")

    def say_debug(self, text: str) -> None:
        """--debug says which files were used, on stderr (never a value: only names and paths)."""
        if self.debug:
            (self.stderr or sys.stderr).write(f"debug: {text}\n")

    def close(self) -> None:
        if "store" in self.__dict__:
            self.store.close()
