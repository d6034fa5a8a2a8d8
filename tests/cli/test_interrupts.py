"""interrupts: every handled signal exits 128 + its number; deferred sections finish before it is raised."""

from __future__ import annotations

import os
import signal

import pytest

from tta_timeline.core import interrupts


@pytest.fixture
def installed():
    saved = {sig: signal.getsignal(sig) for sig in interrupts.HANDLED}
    interrupts.install()
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_signal_raises_interrupted_with_its_exit_code(installed, sig, code):
    with pytest.raises(interrupts.Interrupted) as caught:
        os.kill(os.getpid(), sig)
        signal.sigtimedwait([], 0)  # a bytecode boundary for the handler to run at
    assert interrupts.exit_code(caught.value) == code


def test_later_signals_are_swallowed_so_cleanup_finishes(installed):
    cleaned = False
    with pytest.raises(interrupts.Interrupted):
        try:
            os.kill(os.getpid(), signal.SIGTERM)
            signal.sigtimedwait([], 0)
        finally:
            os.kill(os.getpid(), signal.SIGINT)  # the impatient second Ctrl-C
            signal.sigtimedwait([], 0)
            cleaned = True
    assert cleaned


def test_deferred_section_completes_before_the_signal_is_raised(installed):
    steps = []
    with pytest.raises(interrupts.Interrupted) as caught:
        with interrupts.deferred():
            os.kill(os.getpid(), signal.SIGHUP)
            signal.sigtimedwait([], 0)
            steps.append("written")
    assert steps == ["written"] and caught.value.signum == signal.SIGHUP


def test_bare_keyboard_interrupt_is_ctrl_c():
    assert interrupts.exit_code(KeyboardInterrupt()) == 130
