"""Shared building blocks every layer may use: errors, exit codes, results, secrets, durations, retry, runtime seams."""
