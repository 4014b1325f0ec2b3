"""`dorker check SOURCE --outcome ...`: record that a source was checked for a case."""

from __future__ import annotations

import argparse
from typing import Any

from dorker.errors import UsageError
from dorker.i18n import _

OUTCOMES = ("nothing", "leads", "blocked", "inaccessible")


def validate_source_id(source_id: str) -> str:
    """The checked source must be a catalog source id, or a case-local `local:` id.

    `local:` ids are checked against the case's own sources by the caller; any other id must be
    in the catalog (bundled, the user's and the team's roots), else a usage error suggests the
    nearest ids.
    """
    value = source_id.strip()
    if not value or not value.isprintable() or any(c.isspace() for c in value):
        raise UsageError(_("bad source id {source!r}").format(source=source_id),
                         hint=_("see: dorker catalog list"))
    if value.startswith("local:"):
        return value
    import difflib

    from dorker.catalog import load_catalog

    catalog = load_catalog()
    if catalog.get(value) is None:
        ids = [s.id for s in catalog.sources]
        near = difflib.get_close_matches(value, ids, n=3)
        hint = (_("did you mean: {names}?").format(names=", ".join(near)) if near
                else _("see: dorker catalog list"))
        raise UsageError(_("unknown source {source!r}").format(source=value), hint=hint)
    return value


def validate_query_id(query_id: str) -> str:
    """`PLAYBOOK:QUERY` must name a query of a playbook in effect (else coverage misses it)."""
    from dorker.playbooks.library import load_library

    playbook_id, sep, qid = query_id.partition(":")
    library = load_library()
    playbook = library.playbooks.get(playbook_id) if sep else None
    if playbook is None or playbook.query(qid) is None:
        hint = (_("write it PLAYBOOK:QUERY, e.g. gulf-free-visa-jobs:en-free-1")
                if playbook is None
                else _("its queries: {queries}").format(
                    queries=", ".join(q.id for q in playbook.queries[:8])))
        raise UsageError(_("unknown query {query!r}").format(query=query_id), hint=hint)
    return query_id


def register(sub: Any) -> None:
    parser = sub.add_parser("check",
                            help=_("record that a source was checked, with the outcome"))
    parser.add_argument("source", metavar="SOURCE",
                        help=_("catalog source id or case-local id (local:...)"))
    parser.add_argument("--case", metavar="ID", help=_("the case (default: the current case)"))
    parser.add_argument("--query", metavar="QID",
                        help=_("the playbook query used (PLAYBOOK:QUERY)"))
    parser.add_argument("--outcome", required=True, choices=OUTCOMES,
                        help=_("what the check found"))
    parser.add_argument("--note", metavar="TEXT", help=_("a note kept with the check"))
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import json

    from dorker.config import load_config
    from dorker.store.cases import SOURCE_CHECKED, require_case
    from dorker.store.display import safe_text
    from dorker.store.session import open_configured_store, resolve_case

    config = load_config()
    with open_configured_store(config, create=True) as store:
        case_id = resolve_case(store, config, args.case)
        source = validate_source_id(args.source)
        if args.query:
            validate_query_id(args.query)
        if source.startswith("local:"):
            known = {s.id for s in require_case(store, case_id).sources}
            if source not in known:
                raise UsageError(_("{source!r} is not a source of case {case}").format(
                    source=source, case=case_id), hint=_("add it with: dorker case source add URL"))
        event = store.append(SOURCE_CHECKED, {"source": source, "outcome": args.outcome,
                                              "query": args.query, "note": args.note},
                             actor=config.actor, case_id=case_id)
    if args.format == "json":
        print(json.dumps(event.to_json(), ensure_ascii=False))
    else:
        print(safe_text(_("recorded {seq}: {source} checked for {case}: {outcome}").format(
            seq=event.seq, source=source, case=case_id, outcome=args.outcome)))
    return 0
