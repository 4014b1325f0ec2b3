"""`dorker playbooks init-repo DIR`: a team playbook folder, ready for review and CI."""

from __future__ import annotations

from pathlib import Path

from dorker.errors import InputError, Location
from dorker.playbooks.schema import schema_text

__all__ = ["init_repo"]

_README = """\
# Team playbooks for dorker

Playbooks (search-query families per crime pattern) for `dorker`, reviewed like code.

- One file per playbook: `queries/<pattern>/<id>.yaml`. The format is documented in dorker's
  `docs/playbook-format.md`; editors that speak the YAML language server validate against
  `playbook.schema.json` (the first line of each file points at it).
- Use this folder from dorker by adding it to the config file (`dorker` reads
  `config.toml` in its config folder, or the file named by `DORKER_CONFIG`):

  ```toml
  [playbooks]
  roots = ["{path}"]
  ```

  Your own folder (`<config>/queries/`) comes first, then team roots in the order given, then
  the playbooks bundled with dorker. The same id twice in one root is an error.
- Before a change is merged, run (the CI workflow does the same):

  ```sh
  dorker playbooks lint queries
  dorker playbooks test queries
  ```

  `lint` exits 1 on a warning or an error (info findings, such as unverified translations, do
  not fail); `test` exits 1 when an example does not (or does) match as declared.
- Run the same checks on every commit: `pip install pre-commit && pre-commit install` (see
  `.pre-commit-config.yaml`; it calls the `dorker` installed here).
- Bump `version` on every change: searches record the playbook id, version and content hash.
"""

_PRE_COMMIT = """\
# pre-commit (https://pre-commit.com): lint and test the playbooks before every commit.
# dorker also ships these hooks as dorker-playbooks-lint / dorker-playbooks-test in its own
# .pre-commit-hooks.yaml, for a repository that pins a dorker release instead.
repos:
  - repo: local
    hooks:
      - id: dorker-playbooks-lint
        name: dorker playbooks lint
        entry: dorker playbooks lint queries
        language: system
        files: \\.ya?ml$
        pass_filenames: false
      - id: dorker-playbooks-test
        name: dorker playbooks test
        entry: dorker playbooks test queries
        language: system
        files: \\.ya?ml$
        pass_filenames: false
"""

_WORKFLOW = """\
name: playbooks
on: [push, pull_request]
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: pip install dorker
      - run: dorker playbooks lint queries
      - run: dorker playbooks test queries
"""

_EXAMPLE = """\
# yaml-language-server: $schema=../../playbook.schema.json
id: example-free-visa-offers
title: Example - free-visa job offers with a fee and a contact
pattern: fake-jobs
version: 1
status: draft
authors: ["your team"]
description: >
  A starting point: replace the keywords and examples with your own. One keyword is not a
  finding, so the query combines an offer, a price word and a contact word.
languages: [en, bn]
engines: [google, yandex]
references:
  - id: note
    title: Where these indicators come from (replace with your sources)
keywords:
  free_visa:
    terms:
      en: ["free visa"]
      bn: ["ফ্রি ভিসা"]
    review: {en: attested, bn: unverified}
  contact:
    terms:
      en: [whatsapp, imo, "inbox me"]
    review: {en: attested}
variables:
  destination:
    type: choice
    choices: [Malaysia, Saudi, Dubai, Qatar]
    default: Dubai
queries:
  - id: offer-with-fee
    title: Free visa offer with a fee and a contact
    query: '{{ kw.free_visa }} {{ destination }} (tk OR taka OR lakh) ({{ kw.contact }})'
    examples:
      match: ["Dubai free visa, 4 lakh tk, whatsapp now"]
      no_match: ["There is no such thing as a free visa to Dubai, says the ministry"]
"""


def init_repo(folder: Path) -> list[Path]:
    """Create the folder's files; InputError when it exists and is not empty."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InputError("the folder exists and is not empty", where=Location(folder),
                         hint="give a new or empty folder")
    files = {
        folder / "README.md": _README.format(path=folder.resolve().as_posix()),
        folder / "playbook.schema.json": schema_text(),
        folder / ".github" / "workflows" / "playbooks.yml": _WORKFLOW,
        folder / ".pre-commit-config.yaml": _PRE_COMMIT,
        folder / "queries" / "fake-jobs" / "example-free-visa-offers.yaml": _EXAMPLE,
    }
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror or exc}", where=Location(folder)) from None
    return list(files)
