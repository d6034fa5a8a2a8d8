"""Masking is linear in the text: 1 MB with 50 registered secrets vs 100 KB.

Ratio of medians of the time to mask each text (target ~10: ten times the text, ten times the time;
the old masker took 5 s for 100 KB). 100 KB fits in the CPU cache and its result below the allocator's
mmap threshold, which flatters the small side; 10 MB vs 1 MB shows the slope without that. Usage:
    python benchmarks/bench_masking.py [--runs N]
"""

from __future__ import annotations

import argparse
import random
import statistics
import string
import time

from tta_timeline.core.secrets import Redactor

SECRETS = 50


def text_of(size: int, secrets: list[str], rng: random.Random) -> str:
    """Log-like lines with a secret (and a URL with a password) now and then."""
    words = ["".join(rng.choices(string.ascii_letters, k=rng.randint(2, 9))) for _ in range(500)]
    out: list[str] = []
    length = 0
    while length < size:
        line = " ".join(rng.choices(words, k=12))
        if rng.random() < 0.05:
            line += f" token={rng.choice(secrets)} url=redis://u:pw{rng.randint(0, 99)}@host/0"
        out.append(line)
        length += len(line) + 1
    return "\n".join(out)[:size]


def median_seconds(redactor: Redactor, text: str, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        redactor.text(text)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    rng = random.Random(7)
    secrets = [
        f"s3cr3t-{i}-" + "".join(rng.choices(string.ascii_letters + string.digits, k=16)) for i in range(SECRETS)
    ]
    redactor = Redactor(secrets)
    small, large = text_of(100_000, secrets, rng), text_of(1_000_000, secrets, rng)
    huge = large * 10
    masked = redactor.text(large)
    assert not any(s in masked for s in secrets), "a secret survived masking"
    redactor.text(small)  # compile once, outside the timings
    t_small, t_large = median_seconds(redactor, small, runs), median_seconds(redactor, large, runs)
    t_huge = median_seconds(redactor, huge, runs)
    print(f"masking with {SECRETS} secrets ({len(redactor)} registered forms), median of {runs} runs:")
    print(f"  100 KB: {t_small * 1000:8.2f} ms")
    print(f"  1 MB:   {t_large * 1000:8.2f} ms")
    print(f"  10 MB:  {t_huge * 1000:8.2f} ms")
    print(f"  ratio 1 MB / 100 KB = {t_large / t_small:.1f}, 10 MB / 1 MB = {t_huge / t_large:.1f} (linear: ~10)")


if __name__ == "__main__":
    main()
