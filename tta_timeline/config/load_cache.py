"""A cache of the loaded phases file's outline, so a warm `status` validates nothing and builds no model.

The cache is one plain JSON file in the store folder, keyed by a hash of the tool's version, the
file's bytes and the values of the variables the file names: any change to any of them is a miss.
It holds the outline only (ids, names, estimates, kinds; never a check's spec), and it is not
written when the outline would show a secret. A missing, corrupt, foreign or stale cache is
ignored and rebuilt; a folder that cannot be written only means there is no cache.

The file's secrets are never cached: a hit reads the file again (YAML parsing is a small part of a
load; validation is most of it) to register the values it holds or marks secret.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path

from tta_timeline import __version__
from tta_timeline.config import loader
from tta_timeline.config.outline import Outline, from_data, to_data
from tta_timeline.config.yaml_source import parse_trusted
from tta_timeline.core.atomic import replace_text
from tta_timeline.core.expansion import VAR
from tta_timeline.core.secrets import Redactor, collect_secrets

#: bumped when the cache's shape changes (the tool's version is part of the key as well)
FORMAT = 2


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


def read(cache: Path, key: str) -> Outline | None:
    """The cached outline for this key, or None for anything else (missing, corrupt, stale, foreign)."""
    try:
        document = json.loads(cache.read_bytes())
        if document.get("format") != FORMAT or document.get("version") != __version__ or document.get("key") != key:
            return None
        return from_data(document["outline"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None


def write(cache: Path, key: str, outline: Outline, secrets: Redactor, make_folder: bool) -> bool:
    """Keep the outline for next time, unless it shows a secret (`secrets` masks it); True when written.

    The folder is made only when asked (an SQLite store is about to make it): a server store's
    project gets no local folder it did not have.
    """
    data = to_data(outline)
    if secrets.deep(data) != data:  # a name or id holds a secret value: keeping it would copy the secret
        return False
    text = json.dumps({"format": FORMAT, "version": __version__, "key": key, "outline": data}, ensure_ascii=False)
    try:
        if make_folder:
            cache.parent.mkdir(parents=True, exist_ok=True)
        replace_text(cache, text)
    except OSError:
        return False
    return True


def warm_secrets(path: Path, raw: bytes, env: Mapping[str, str], outline: Outline) -> list[str]:
    """The file's secrets as loader.load finds them, from the same bytes, without validating anything."""
    data = loader.expand(parse_trusted(raw), env, (), {}, path, [])
    secrets = collect_secrets(data)
    loader.unwrap_secrets(data, secrets)
    secrets.extend(env.get(name) or "" for p in outline.phases for c in p.checks for name in c.secret_vars)
    return [s for s in secrets if s]
