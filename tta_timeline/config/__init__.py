"""The phases.yaml format: its pydantic model, the loader and cross-reference checks."""
