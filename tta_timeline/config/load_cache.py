"""A cache of the loaded phases file's outline, so a warm `status` validates nothing and builds no model.

The cache is one plain JSON file in the store folder, keyed by a hash of the tool's version, the
file's bytes and the values of the variables the file names: any change to any of them is a miss.
It holds the outline only (ids, names, estimates, kinds; never a check's spec), and it is not
written when the outline would show a secret. A missing, corrupt, foreign or stale cache is
ignored and rebuilt; a folder that cannot be written only means there is no cache.

The file's secrets are never cached. The entry records only whether the file holds any (a flag,
never a value; the key covers the bytes and the variables, so the flag holds for it): a hit on a file
that holds none parses nothing, a hit on one that does reads the file again to register the values it
holds or marks secret. The variables a check marks secret (`secret_vars`) are read from the environment.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from tta_timeline import __version__
from tta_timeline.config.outline import Outline, from_data, to_data
from tta_timeline.core.atomic import replace_text
from tta_timeline.core.expansion import VAR
from tta_timeline.core.secrets import Redactor, collect_secrets

#: bumped when the cache's shape changes (the tool's version is part of the key as well)
FORMAT = 3


class Hit(NamedTuple):
    outline: Outline
    #: the file holds a secret value (found when it was validated): a hit must read the file for it
    holds_secrets: bool


def cache_key(raw: bytes, env: Mapping[str, str], path: Path, root: Path | None) -> str:
    """A hash of everything a load depends on; variable values enter it only hashed.

    The file's place and --root are in it too: the project root is where a load judges paths.
    """
    names = sorted({m.group(1) for m in VAR.finditer(raw.decode("utf-8", "replace")) if m.group(1)})
    values = [(n, env.get(n)) for n in names]
    digest = hashlib.sha256()
    digest.update(json.dumps([FORMAT, __version__, str(path.resolve()), str(root), values]).encode())
    digest.update(raw)
    return digest.hexdigest()


def read(cache: Path, key: str) -> Hit | None:
    """The cached entry for this key, or None for anything else (missing, corrupt, stale, foreign)."""
    try:
        document = json.loads(cache.read_bytes())
        if document.get("format") != FORMAT or document.get("version") != __version__ or document.get("key") != key:
            return None
        # only a recorded `false` spares the file's parse: anything else reads the file for its secrets
        return Hit(from_data(document["outline"]), document["holds_secrets"] is not False)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None


def write(cache: Path, key: str, outline: Outline, secrets: Redactor, make_folder: bool, holds_secrets: bool) -> bool:
    """Keep the outline for next time, unless it shows a secret (`secrets` masks it); True when written.

    `holds_secrets` is whether the file holds a secret value (loader.Loaded.holds_secrets): only the flag is kept.

    The folder is made only when asked (an SQLite store is about to make it): a server store's
    project gets no local folder it did not have.
    """
    data = to_data(outline)
    if secrets.deep(data) != data:  # a name or id holds a secret value: keeping it would copy the secret
        return False
    document = {"format": FORMAT, "version": __version__, "key": key, "holds_secrets": holds_secrets, "outline": data}
    text = json.dumps(document, ensure_ascii=False)
    try:
        if make_folder:
            cache.parent.mkdir(parents=True, exist_ok=True)
        replace_text(cache, text)
    except OSError:
        return False
    return True


def warm_secrets(path: Path, raw: bytes, env: Mapping[str, str], hit: Hit) -> list[str]:
    """The file's secrets as loader.load finds them, from the same bytes, without validating anything.

    A file that holds no secret value is not parsed at all: only its checks' `secret_vars` are read.
    """
    secrets = _held(path, raw, env) if hit.holds_secrets else []
    secrets.extend(env.get(name) or "" for p in hit.outline.phases for c in p.checks for name in c.secret_vars)
    return [s for s in secrets if s]


def _held(path: Path, raw: bytes, env: Mapping[str, str]) -> list[str]:
    """The secret values the file holds or marks secret, after expansion (as the load found them)."""
    # lazy: YAML is parsed only for a file that holds a secret; a warm status of any other imports no YAML
    from tta_timeline.config import loader
    from tta_timeline.config.yaml_source import parse_trusted

    data = loader.expand(parse_trusted(raw), env, (), {}, path, [])
    secrets = collect_secrets(data)
    loader.unwrap_secrets(data, secrets)
    return secrets
