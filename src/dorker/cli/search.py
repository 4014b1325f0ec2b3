"""`dorker search TARGET`: fetch results through an opt-in provider, record every outcome
(blocked, CAPTCHA, served from the cache...), and show each result with any earlier verdict."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from dorker.i18n import _

SEARCH_RUN = "search.run"
# The engine whose syntax each provider reads (SearXNG passes -e on to its own engines).
PROVIDER_ENGINE = {"brave": "brave", "google-cse": "google", "google_cse": "google"}


def register(sub: Any) -> None:
    parser = sub.add_parser("search",
                            help=_("fetch results through an opt-in provider and record it"))
    parser.add_argument(
        "target", metavar="TARGET", help=_("PLAYBOOK_ID, PLAYBOOK_ID:QUERY_ID, or a raw dork")
    )
    parser.add_argument(
        "--provider",
        metavar="NAME",
        help=_("searxng, brave or google-cse (default: the first configured)"),
    )
    parser.add_argument(
        "-e", "--engine", metavar="ENGINE",
        help=_("the engine SearXNG should ask (default: google)")
    )
    parser.add_argument(
        "--pages", type=int, default=1, metavar="N", help=_("pages to fetch (default 1)")
    )
    parser.add_argument("-V", dest="values", action="append", default=[], metavar="NAME=VALUE",
                        help=_("a playbook variable's value (repeatable)"))
    parser.add_argument("--dork", action="store_true", help=_("read TARGET as a dork"))
    parser.add_argument("--refresh", action="store_true", help=_("ignore the response cache"))
    parser.add_argument("--case", metavar="ID",
                        help=_("the case (default: the current case, if any)"))
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(handler=run)


def default_provider(config: Any) -> str:
    """The first provider the config (or environment) sets up; a usage error if none."""
    from dorker.errors import UsageError

    providers = config.providers
    if providers.searxng.url:
        return "searxng"
    if providers.brave.api_key:
        return "brave"
    if providers.google_cse.key and providers.google_cse.cx:
        return "google-cse"
    raise UsageError(
        _("no search provider is configured"),
        hint=_("set DORKER_SEARXNG_URL (recommended) or a provider key, or use dorker open to "
               "search in your browser"),
    )


def search_record(item: Any, provider: str, page: int, outcome: Any) -> dict[str, Any]:
    """The `search.run` payload of one page: the search (`SearchItem.record`), the provider, the
    page and the whole outcome (`SearchOutcome.to_dict`). Watches add their own tags to it."""
    return {**item.record(), "provider": provider, "page": page, "outcome": outcome.to_dict()}


def _mark_json(mark: Any) -> dict[str, Any] | None:
    return mark.to_dict() if mark is not None else None


def run(args: argparse.Namespace) -> int:
    import json

    from dorker.config import load_config
    from dorker.errors import UsageError
    from dorker.providers import PROVIDERS, Searcher
    from dorker.results.dedup import merge_results
    from dorker.results.reviewed import ReviewedIndex
    from dorker.store.session import open_configured_store, read_current_case, resolve_case
    from dorker.targets import resolve_target
    from dorker.textsafe import printable

    config = load_config()
    provider = (args.provider or default_provider(config)).replace("_", "-")
    if provider not in PROVIDERS:
        raise UsageError(
            _("unknown provider {provider!r}").format(provider=provider),
            hint=_("providers: {providers}").format(providers=", ".join(sorted(PROVIDERS)))
        )
    if args.pages < 1:
        raise UsageError(_("--pages must be 1 or more"))
    pages = min(args.pages, PROVIDERS[provider].max_pages)
    if pages < args.pages:
        sys.stderr.write(_("dorker: note: {provider} gives at most {pages} pages; fetching "
                           "{pages}").format(provider=provider, pages=pages) + "\n")
    engine = PROVIDER_ENGINE.get(provider) or args.engine or "google"
    if args.engine and provider in PROVIDER_ENGINE and args.engine != engine:
        raise UsageError(
            _("{provider} searches with its own engine ({engine}); -e applies to "
              "searxng").format(provider=provider, engine=engine)
        )
    items = [
        i
        for i in resolve_target(
            args.target, engines=[engine], values=args.values, force_dork=args.dork
        )
        if i.query
    ]
    if not items:
        raise UsageError(_("nothing of {target!r} can be written for {engine}").format(
            target=args.target, engine=engine))
    from dorker.store.events import new_command_id

    outcomes: list[tuple[Any, Any]] = []
    failed = False
    command_id = new_command_id()  # every page of every query of this one command
    with open_configured_store(config, create=True) as store:
        case_id = (
            resolve_case(store, config, args.case)
            if (args.case or read_current_case(config))
            else None
        )
        with Searcher(config) as searcher:
            for item in items:
                for page in range(1, pages + 1):
                    outcome = searcher.search(
                        provider,
                        item.query or "",
                        engine if provider == "searxng" else None,
                        page,
                        refresh=args.refresh,
                    )
                    payload = {**search_record(item, provider, page, outcome),
                               "command_id": command_id,
                               **(getattr(args, "record_extra", None) or {})}
                    store.append(SEARCH_RUN, payload, actor=config.actor, case_id=case_id)
                    outcomes.append((item, outcome))
                    if not outcome.ok:
                        failed = True
                        break
                    if not outcome.results:
                        break
        merged = merge_results(r for _item, o in outcomes for r in o.results)
        with ReviewedIndex.current(store) as reviewed:
            marks = {m.url: reviewed.get(m.url) for m in merged}
    if args.format == "json":
        sys.stdout.write(
            json.dumps(
                {
                    "provider": provider,
                    "engine": engine,
                    "case": case_id,
                    "outcomes": [o.to_dict() | {"query_id": i.query_id} for i, o in outcomes],
                    "results": [
                        m.to_dict() | {"reviewed": _mark_json(marks[m.url])}
                        for m in merged
                    ],
                },
                ensure_ascii=False,
                indent=2,
            )
            + "\n"
        )
        return 1 if failed and not merged else 0
    out = sys.stdout
    for item, outcome in outcomes:
        label = _("{query} page {page}").format(query=item.query_id or _("dork"),
                                                 page=outcome.request.page)
        out.write(printable(f"[{outcome.status}] {label}: {outcome.message}") + "\n")
        if outcome.offer_browser and item.url:
            out.write("  " + _("open it in your browser instead: {url}").format(url=item.url)
                      + "\n")
    from dorker.textwidth import fit

    for number, result in enumerate(merged, start=1):
        mark = marks[result.url]
        seen = (
            "  [" + _("{verdict} by {actor} at {time}").format(
                verdict=mark.verdict, actor=mark.actor, time=mark.ts[:16].replace("T", " "))
            + "]" if mark else ""
        )
        title = printable(result.title or _("(no title)"))
        out.write(f"\n{number:>3}. {title}{printable(seen)}\n")
        out.write(f"     {printable(result.original_url)}\n")
        if result.snippet:
            out.write(f"     {fit(printable(result.snippet), 300)}\n")
    out.write("\n" + _("{count} result(s) from {provider}; review one with: dorker review URL "
                       "--verdict relevant|irrelevant|escalate|duplicate").format(
        count=len(merged), provider=provider) + "\n")
    return 1 if failed and not merged else 0
