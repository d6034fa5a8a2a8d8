"""Rendering: Rich tables and trees for people, JSON / JUnit / markdown / TAP for machines."""
