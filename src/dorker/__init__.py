"""dorker: build, run and record search dorks for counter-trafficking investigations."""

__version__ = "0.1.0"

__all__ = ["__version__"]
