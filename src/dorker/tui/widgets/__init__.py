"""Widgets of the app, grouped by the screen they serve."""
