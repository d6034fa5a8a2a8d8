"""Running checks: the engine, attempts and retries, setup processes and git info."""
