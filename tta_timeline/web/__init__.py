"""`tta-timeline serve`: the dashboard, JSON API, health and metrics. Imported only by that command (the serve extra)."""
