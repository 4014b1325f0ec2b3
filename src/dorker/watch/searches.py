"""Which searches a watch makes: through its provider, or listed for the investigator to open.

A watch's targets are resolved as `open` and `search` resolve them (`dorker.targets`). Each
(query, engine) is then either
- searched through the provider: SearXNG asks any web engine; Brave searches only `brave` and
  Google CSE only `google` (as `dorker search`); or
- *manual*: a platform (Facebook, TikTok, Telegram...) that no provider serves. A watch never
  scrapes it: each run lists the plan's searches to open and records that they are due. The
  plan is the item's `searches` (the lead's plan contract) or the item itself.
Anything else (an unknown engine, a web engine the provider does not serve, a query that cannot
be written) is bad input: one line, nothing recorded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from dorker.errors import UsageError
from dorker.i18n import _

__all__ = ["Plan", "PlannedSearch", "plan_searches", "resolve_provider", "serves"]


@dataclass(frozen=True, slots=True)
class PlannedSearch:
    """One query for one engine of a watch."""

    target: str
    engine: str
    item: Any
    """The `dorker.targets.SearchItem` (query, URL, playbook id, version and hash...)."""
    manual: bool

    @property
    def label(self) -> str:
        """`PLAYBOOK:QUERY` or `dork`, for messages."""
        item = self.item
        return f"{item.playbook}:{item.query_id}" if item.playbook else "dork"

    def plan(self) -> list[dict[str, Any]]:
        """The searches to open (manual engines): id, engine, query, url."""
        out = []
        for number, one in enumerate(self.item.plan_items(), start=1):
            default_id = (f"{self.item.playbook}:{self.item.query_id}#{number}"
                          if self.item.playbook else f"#{number}")
            out.append({"id": one.search_id or default_id, "engine": one.engine,
                        "query": one.query, "url": one.url})
        return [s for s in out if s["url"]]


@dataclass(slots=True)
class Plan:
    """A watch's searches, the provider that runs the automated ones, and what was left out."""

    searches: list[PlannedSearch]
    provider: str | None
    left_out: list[str] = field(default_factory=list)
    playbook_targets: list[str] = field(default_factory=list)
    """The targets that named a playbook (kept with the watch)."""

    @property
    def engines(self) -> list[str]:
        """The engines searched, in order."""
        return list(dict.fromkeys(s.engine for s in self.searches))


def serves(provider: str, engine: str, kind: str) -> bool:
    """Whether `provider` fetches results for `engine` (of profile kind `kind`)."""
    from dorker.cli.search import PROVIDER_ENGINE

    fixed = PROVIDER_ENGINE.get(provider)
    return engine == fixed if fixed else kind == "web"


def resolve_provider(given: str | None, config: Any) -> str:
    """The provider's canonical name: `given` (checked) or the first configured one."""
    from dorker.cli.search import default_provider
    from dorker.providers.service import get_provider

    return get_provider(given).name if given else default_provider(config)


def _usable(search: PlannedSearch) -> bool:
    return bool(search.plan()) if search.manual else bool(search.item.query)


def plan_searches(targets: Sequence[str], engines: Sequence[str], *, values: Sequence[str],
                  dork: bool, provider: str | None, config: Any,
                  playbook_targets: Sequence[str] = ()) -> Plan:
    """Every search of a watch; UsageError for what cannot be watched (see the docstring).

    `engines` empty means each playbook's own engines (else the config's defaults); then a web
    engine the provider does not serve is left out (noted in `left_out`) instead of refused.
    `playbook_targets` named playbooks when the watch was added: if one is gone, the target is
    not quietly searched as a dork made of its id.
    """
    from dorker.engines.profile import load_profiles
    from dorker.targets import resolve_target

    items: list[tuple[str, Any]] = []
    for target in targets:
        found = resolve_target(target, engines=list(engines), values=list(values),
                               force_dork=dork, max_searches=config.max_searches)
        if target in playbook_targets and not any(i.playbook for i in found):
            raise UsageError(_("playbook {id} is no longer in the library").format(
                id=repr(target.partition(":")[0])), hint=_("restore it, or remove the watch"))
        items += [(target, i) for i in found]
    wanted = list(dict.fromkeys(i.engine for _t, i in items))
    kinds = {p.id: p.kind for p in load_profiles(wanted, config.catalog_roots)}
    web = [e for e in wanted if kinds[e] != "platform"]
    chosen = resolve_provider(provider, config) if web or provider else None
    searches: list[PlannedSearch] = []
    left_out: list[str] = []
    for target, item in items:
        kind = kinds[item.engine]
        if chosen is not None and serves(chosen, item.engine, kind):
            searches.append(PlannedSearch(target, item.engine, item, manual=False))
        elif kind == "platform":
            searches.append(PlannedSearch(target, item.engine, item, manual=True))
        elif engines:
            raise UsageError(
                _("engine {engine} is not served by {provider} and is not a platform with "
                  "searches to open").format(engine=repr(item.engine), provider=chosen),
                hint=_("searxng serves web engines, brave only -e brave, google-cse only "
                       "-e google"))
        elif item.engine not in left_out:
            left_out.append(item.engine)
    for target in targets:
        mine = [s for s in searches if s.target == target]
        for engine in dict.fromkeys(s.engine for s in mine):
            if not any(_usable(s) for s in mine if s.engine == engine):
                text = (_("nothing of {target} can be opened on {engine}")
                        if kinds[engine] == "platform"
                        else _("nothing of {target} can be searched on {engine}"))
                raise UsageError(text.format(target=repr(target), engine=engine),
                                 hint=_("see: dorker build {target} -e {engine}").format(
                                     target=target, engine=engine))
    searches = [s for s in searches if _usable(s)]
    playbooks = [t for t, i in items if i.playbook]
    if not searches:
        raise UsageError(_("nothing to watch: {provider} serves none of {engines}").format(
            provider=chosen, engines=", ".join(left_out) or _("these engines")),
            hint=_("name engines with -e (e.g. -e brave for the Brave API)"))
    return Plan(searches, chosen if any(not s.manual for s in searches) else None, left_out,
                list(dict.fromkeys(playbooks)))
