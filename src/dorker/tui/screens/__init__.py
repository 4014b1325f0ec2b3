"""The app's screens, one module per UI area."""
