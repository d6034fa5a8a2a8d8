"""The one place where exceptions become messages and exit codes (only the CLI calls this)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from tta_timeline.core import interrupts
from tta_timeline.core.errors import ConfigError, TimelineError
from tta_timeline.core.exit_codes import ExitCode
from tta_timeline.core.printable import printable
from tta_timeline.core.secrets import Redactor


class Exit(Exception):
    def __init__(self, code: int):
        self.code = code


@contextmanager
def error_handler(get_redactor: Callable[[], Redactor], debug: bool = False) -> Iterator[None]:
    """get_redactor is called at failure time: it knows the secrets of whatever was loaded by then."""
    try:
        yield
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM/SIGHUP through interrupts.install()
        sys.stderr.write(f"interrupted{f' ({exc.args[0]})' if exc.args else ''}\n")
        raise Exit(interrupts.exit_code(exc)) from None
    except ConfigError as exc:
        redactor = get_redactor()
        for problem in exc.problems:
            sys.stderr.write(f"error: {printable(redactor.text(problem))}\n")
        raise Exit(exc.exit_code) from None
    except TimelineError as exc:
        redactor = get_redactor()
        sys.stderr.write(f"error: {printable(redactor.text(str(exc)))}\n")
        for reason in getattr(exc, "reasons", []):
            sys.stderr.write(f"  - {printable(redactor.text(reason))}\n")
        raise Exit(exc.exit_code) from None
    except Exception as exc:  # a bug: still no traceback (and no secrets) unless --debug
        redactor = get_redactor()
        if debug:
            # lazy: traceback (and textwrap, linecache) only for a bug shown with --debug
            import traceback

            sys.stderr.write(printable(redactor.text(traceback.format_exc())))
        detail = " ".join(f"{type(exc).__name__}: {exc}".split())  # one line, whatever the message holds
        sys.stderr.write(
            f"internal error: {printable(redactor.text(detail))}; run with --debug for the traceback, and please report it\n"
        )
        raise Exit(ExitCode.INTERNAL) from None
