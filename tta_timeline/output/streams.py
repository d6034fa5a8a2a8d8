"""Standard streams in a legacy encoding (cp1252, latin-1, ascii): output degrades, it never crashes."""

from __future__ import annotations

import codecs
import io
import sys
from typing import IO, Any

_UNICODE = ("utf-8", "utf-16", "utf-32", "gb18030")


def speaks_unicode(stream: IO[str] | Any) -> bool:
    """True unless the stream declares an encoding that cannot hold every character."""
    encoding = getattr(stream, "encoding", None)
    if not encoding:
        return True  # StringIO and friends hold str
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return False
    return name.startswith(_UNICODE)


def tolerate_legacy_encodings() -> None:
    """Characters a legacy stdout/stderr cannot show become '?' (Rich already draws ASCII boxes there).

    JSON never relies on this: it is written with \\u escapes to such a stream (`json_ascii`).
    """
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict" and not speaks_unicode(stream):
            stream.reconfigure(errors="replace")


def json_ascii(stream: IO[str] | Any) -> bool:
    """ensure_ascii for json.dumps: exact data on any stream, readable UTF-8 where it can be shown."""
    return not speaks_unicode(stream)
