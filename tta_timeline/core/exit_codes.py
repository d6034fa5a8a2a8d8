"""The documented exit codes; README's table and tests/cli/test_exit_codes.py pin each one."""

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    #: a required check failed, or an advancement was refused
    FAILED = 1
    #: bad usage or configuration (phases.yaml, options, unreachable store)
    USAGE = 2
    #: a bug in the tool (an unexpected exception); `--debug` shows its traceback
    INTERNAL = 3
    #: Ctrl-C (SIGINT); any handled signal exits 128 + its number
    INTERRUPTED = 130
    #: SIGHUP (terminal closed)
    HANGUP = 129
    #: SIGTERM (CI cancellation, `timeout`, `docker stop`)
    TERMINATED = 143
