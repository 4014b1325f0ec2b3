"""The terminal app with a language it has no catalog for: English, and one warning on screen."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from textual.pilot import Pilot
from tui_fixtures import fixture_services, run

from dorker import i18n
from dorker.config import load_config
from dorker.tui.app import DorkerApp, make_app


@pytest.fixture(autouse=True)
def _english_after() -> Iterator[None]:
    i18n._State.warned.clear()
    i18n.take_warning()
    yield
    i18n.set_language("en")
    i18n._State.warned.clear()


def test_unknown_language_warns_once_in_the_app() -> None:
    config = replace(load_config(), language="xx")
    app = make_app(config, services=fixture_services(), welcome=False, theme="textual-dark")

    async def scenario(app: DorkerApp, pilot: Pilot[None]) -> None:
        messages = [n.message for n in app._notifications]
        assert [m for m in messages if "'xx'" in m] == [
            "dorker: warning: no translation for language 'xx': using English "
            "(available: en, bn)"]
        assert i18n.current_language() == "en"
        assert "no case" in app.sub_title

    run(scenario, app=app)
