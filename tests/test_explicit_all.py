"""Modules the review found without an explicit `__all__` now say what they export: every name
listed exists, and every public function or constant defined there is listed."""

from __future__ import annotations

import importlib
import inspect

import pytest

MODULES = ["dorker.cli.image", "dorker.cli.leads", "dorker.cli.pivot", "dorker.cli.watch",
           "dorker.cli.doctor", "dorker.images"]


@pytest.mark.parametrize("name", MODULES)
def test_the_module_lists_what_it_exports(name: str) -> None:
    module = importlib.import_module(name)
    listed = module.__dict__.get("__all__")
    assert isinstance(listed, list), f"{name} has no explicit __all__"
    assert all(hasattr(module, item) for item in listed)
    defined = {key for key, value in vars(module).items() if not key.startswith("_")
               and ((inspect.isfunction(value) and value.__module__ == name)
                    or (key.isupper() and not inspect.ismodule(value)))}
    assert defined <= set(listed), defined - set(listed)
