"""Importing a hand-kept markdown timeline into phases.yaml."""
