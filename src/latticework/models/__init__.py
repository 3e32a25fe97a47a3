"""Models: consume measures and views, never files — the strategy classifier and scenarios."""
