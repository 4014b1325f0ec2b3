"""Case reports: the record of one case as HTML or Markdown (summary first, the coverage
matrix, searches grouped, reviews, evidence, other parts' sections, the chain), print-ready.

`case_report_data` gathers plain data from the store; `render_report` renders it with the
bundled templates; `dorker.store.exports.write_export` writes it owner-only, recorded.
"""

from dorker.report.data import case_report_data, engine_kinds
from dorker.report.render import FORMATS, PAPERS, render_report
from dorker.report.sections import SECTION_PROVIDERS

__all__ = [
    "FORMATS",
    "PAPERS",
    "SECTION_PROVIDERS",
    "case_report_data",
    "engine_kinds",
    "render_report",
]
