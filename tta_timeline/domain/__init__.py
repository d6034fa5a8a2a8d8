"""Pure rules over the timeline: derived state, the advancement gate, certificates, forecasts."""
