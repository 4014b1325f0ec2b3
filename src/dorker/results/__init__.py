"""Search results: the `Result` model, URL normalisation, registered domains, dedup, review index.

- `Result` — one row from a provider (hostile text: escape it when shown).
- `normalize_url(url)` — the canonical spelling (rules in `dorker.results.normalize`).
- `registered_domain(url)` — via tldextract's bundled suffix list only (never fetches).
- `merge_results(results)` / `group_by_domain(merged)` — dedup across engines, pages and runs.
- `ReviewedIndex(dir)` — `mark`, `get`, `rebuild(events)` over diskcache.
"""

from __future__ import annotations

from dorker.results.dedup import MergedResult, Sighting, group_by_domain, merge_results
from dorker.results.domains import registered_domain
from dorker.results.model import Result
from dorker.results.normalize import TRACKING_PARAMS, is_tracking_param, normalize_url
from dorker.results.reviewed import REVIEW_ACTION, VERDICTS, ReviewedIndex, ReviewMark

__all__ = [
    "REVIEW_ACTION",
    "TRACKING_PARAMS",
    "VERDICTS",
    "MergedResult",
    "Result",
    "ReviewMark",
    "ReviewedIndex",
    "Sighting",
    "group_by_domain",
    "is_tracking_param",
    "merge_results",
    "normalize_url",
    "registered_domain",
]
