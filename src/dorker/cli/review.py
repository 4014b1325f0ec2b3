"""`dorker review URL --verdict ...`: record a verdict on a result (and the reviewed-URL index),
and `dorker cache rebuild`: rebuild that index from the record."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from dorker.i18n import _

VERDICTS = ("relevant", "irrelevant", "escalate", "duplicate")


def register(sub: Any) -> None:
    parser = sub.add_parser("review", help=_("record a verdict on a result URL"))
    parser.add_argument("url", metavar="URL", help=_("the result's address"))
    parser.add_argument("--verdict", required=True, choices=VERDICTS,
                        help=_("what the result is to the case"))
    parser.add_argument("--note", metavar="TEXT", default="", help=_("a note kept with it"))
    parser.add_argument("--tag", dest="tags", action="append", default=[], metavar="T",
                        help=_("a tag (repeatable)"))
    parser.add_argument("--case", metavar="ID",
                        help=_("the case (default: the current case, if any)"))
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(handler=run_review)

    cache = sub.add_parser("cache", help=_("the caches (rebuildable from the record)"))
    cache_sub = cache.add_subparsers(dest="cache_command", metavar=_("COMMAND"))
    rebuild = cache_sub.add_parser("rebuild",
                                   help=_("rebuild the reviewed-URL index from the record"))
    rebuild.set_defaults(handler=run_rebuild)
    cache.set_defaults(handler=_cache_usage)


def _cache_usage(args: argparse.Namespace) -> int:
    from dorker.errors import UsageError

    raise UsageError(_("missing cache command"), hint="dorker cache rebuild")


def run_review(args: argparse.Namespace) -> int:
    import json

    from dorker.config import load_config
    from dorker.errors import UsageError
    from dorker.results.normalize import normalize_url
    from dorker.results.reviewed import REVIEW_ACTION, ReviewedIndex
    from dorker.store.session import open_configured_store, read_current_case, resolve_case
    from dorker.textsafe import printable
    from dorker.weburl import split_url

    try:
        split_url(args.url.strip())
    except ValueError as exc:
        raise UsageError(_("not a web address: {url!r} ({error})").format(
            url=printable(args.url), error=exc), hint=_("give an http(s) URL")) from None
    config = load_config()
    url = normalize_url(args.url.strip())
    with open_configured_store(config, create=True) as store:
        case_id = (
            resolve_case(store, config, args.case)
            if (args.case or read_current_case(config))
            else None
        )
        with ReviewedIndex.current(store) as index:
            earlier = index.get(url)
            event = store.append(
                REVIEW_ACTION,
                {
                    "url": url,
                    "original_url": args.url.strip(),
                    "verdict": args.verdict,
                    "note": args.note,
                    "tags": list(dict.fromkeys(args.tags)),
                    "earlier": earlier.to_dict() if earlier else None,
                },
                actor=config.actor,
                case_id=case_id,
            )
            index.mark(url, args.verdict, event.actor, event.ts, args.note, args.tags)
    if args.format == "json":
        sys.stdout.write(
            json.dumps(
                {"event": event.to_json(), "earlier": earlier.to_dict() if earlier else None},
                ensure_ascii=False,
            )
            + "\n"
        )
        return 0
    if earlier:
        sys.stdout.write(
            printable(
                _("earlier verdict: {verdict} by {actor} at {time}").format(
                    verdict=earlier.verdict, actor=earlier.actor, time=earlier.ts)
                + (f" ({earlier.note})" if earlier.note else "")
            )
            + "\n"
        )
    sys.stdout.write(printable(_("recorded {seq}: {verdict} {url}").format(
        seq=event.seq, verdict=args.verdict, url=url)) + "\n")
    return 0


def run_rebuild(args: argparse.Namespace) -> int:
    from dorker.config import load_config
    from dorker.results.reviewed import REVIEW_ACTION, ReviewedIndex
    from dorker.store.base import EventFilter
    from dorker.store.session import open_configured_store

    config = load_config()
    with open_configured_store(config) as store, ReviewedIndex.default() as index:
        applied = index.rebuild(store.iter_events(EventFilter(action=REVIEW_ACTION)))
        total = len(index)
    sys.stdout.write(_("rebuilt the reviewed-URL index: {applied} verdict(s) replayed, "
                       "{total} URL(s) reviewed").format(applied=applied, total=total) + "\n")
    return 0
