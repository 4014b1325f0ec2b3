"""`dorker image add|inspect|links|reverse`: images as evidence, their EXIF/GPS, links between
reused photos, and reverse-image search pages recorded like `open`."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from dorker.i18n import _

__all__ = ["register", "run_add", "run_inspect", "run_links", "run_reverse"]


def register(sub: Any) -> None:
    parser = sub.add_parser("image", help=_("images as evidence: EXIF/GPS, reused photos, "
                              "reverse-image search pages"))
    commands = parser.add_subparsers(dest="image_command", metavar=_("COMMAND"), required=True)
    add = commands.add_parser("add", help=_("keep an image as evidence with its hashes and EXIF"))
    add.add_argument("file", metavar="FILE")
    add.add_argument("--url", metavar="URL", help=_("where the image came from"))
    add.add_argument("--note", metavar="TEXT")
    add.add_argument("--case", metavar="ID", help=_("the case (default: the current case)"))
    add.add_argument("--format", choices=("text", "json"), default="text")
    add.set_defaults(handler=run_add)
    inspect = commands.add_parser("inspect", help=_("hashes, EXIF and GPS of a file (offline; "
                                    "records nothing)"))
    inspect.add_argument("file", metavar="FILE")
    inspect.add_argument("--format", choices=("text", "json"), default="text")
    inspect.set_defaults(handler=run_inspect)
    links = commands.add_parser("links", help=_("images that show the same photo, across cases"))
    links.add_argument("--case", metavar="ID", help=_("only links that touch this case "
                         "(default: the whole record)"))
    links.add_argument("--threshold", metavar="N", type=int,
                       help=_("largest Hamming distance (of 64 bits) that links, for every method "
                         "(default: phash 11, dhash 11, window 10)"))
    links.add_argument("--format", choices=("text", "json"), default="text")
    links.set_defaults(handler=run_links)
    reverse = commands.add_parser("reverse", help=_("open reverse-image search pages (a FILE is "
                                    "never uploaded)"))
    reverse.add_argument("target", metavar="IMAGE_URL|FILE")
    reverse.add_argument("--via", action="append", default=[], metavar="SERVICE",
                         help=_("google-lens, bing-images, yandex-images or tineye (repeatable; "
                           "default: all four)"))
    how = reverse.add_mutually_exclusive_group()
    how.add_argument("--print", dest="how", action="store_const", const="printed",
                     help=_("print the pages' URLs instead of opening them"))
    how.add_argument("--copy", dest="how", action="store_const", const="copied",
                     help=_("copy the pages' URLs to the clipboard"))
    reverse.add_argument("--case", metavar="ID",
                         help=_("the case (default: the current case, if any)"))
    reverse.set_defaults(handler=run_reverse, how=None)


def _warn(text: str) -> None:
    from dorker.textsafe import printable

    sys.stderr.write(printable(_("dorker: {message}").format(message=text)) + "\n")


def _gps_warning(name: str, gps: Any) -> str:
    return str(_("warning: {file} carries GPS coordinates ({lat}, {lon}): whoever gets the file "
             "gets the place; strip the metadata before sharing it").format(
        file=name, lat=gps.lat, lon=gps.lon))


def run_add(args: argparse.Namespace) -> int:
    from pathlib import Path

    from dorker.config import load_config
    from dorker.images.events import add_image, examine
    from dorker.store.display import safe_text
    from dorker.store.session import open_configured_store, resolve_case

    path = Path(args.file)
    examined = examine(path)  # a bad image is refused before the store is even opened
    config = load_config()
    with open_configured_store(config, create=True) as store:
        case_id = resolve_case(store, config, args.case)
        added = add_image(store, path, actor=config.actor, case_id=case_id, url=args.url,
                          note=args.note, examined=examined)
    facts = added.facts
    if args.format == "json":
        print(json.dumps({"evidence": added.evidence.to_json(), "image": added.image.to_json()},
                         ensure_ascii=False))
    else:
        camera = " ".join(str(facts.exif[k]) for k in ("make", "model") if k in facts.exif)
        print(safe_text(_("recorded {ev} (evidence) and {im} (image): {file} sha256:{sha} "
                          "{w}x{h} {fmt} for {case}").format(
            ev=added.evidence.seq, im=added.image.seq, file=path.name, sha=facts.sha256,
            w=facts.width, h=facts.height, fmt=facts.format, case=case_id)))
        if camera:
            print(safe_text(_("camera: {camera}").format(camera=camera)))
        if facts.gps:
            print(_("GPS: {lat}, {lon}  {osm}").format(lat=facts.gps.lat, lon=facts.gps.lon,
                                                       osm=facts.gps.osm_url()))
    if facts.gps:
        _warn(_gps_warning(path.name, facts.gps))
    return 0


def run_inspect(args: argparse.Namespace) -> int:
    from pathlib import Path

    from dorker.images.events import examine
    from dorker.store.display import safe_text

    path = Path(args.file)
    facts, hashes = examine(path)
    if args.format == "json":
        print(json.dumps({"sha256": facts.sha256, "file": path.name, "format": facts.format,
                          "width": facts.width, "height": facts.height, "size": facts.size,
                          "hashes": hashes.record(), "exif": facts.exif,
                          "gps": facts.gps.as_json() if facts.gps else None,
                          "osm": facts.gps.osm_url() if facts.gps else None},
                         ensure_ascii=False))
    else:
        from dorker.textwidth import ljust

        size = _("{format} {width}x{height}, {size} bytes").format(
            format=facts.format, width=facts.width, height=facts.height, size=facts.size)
        rows = [(_("file"), path.name), ("sha256", facts.sha256), (_("image"), size),
                ("phash", hashes.phash), ("dhash", hashes.dhash)]
        rows += [(key, str(value)) for key, value in facts.exif.items()]  # EXIF's own names
        if facts.gps:
            point = f"{facts.gps.lat}, {facts.gps.lon}"
            if facts.gps.altitude:
                point += " " + _("(altitude {altitude} m)").format(altitude=facts.gps.altitude)
            rows.append(("gps", point))
            rows.append((_("map"), facts.gps.osm_url()))
        else:
            rows.append(("gps", _("none")))
        for key, value in rows:
            print(safe_text(f"{ljust(key, 22)} {value}"))
    if facts.gps:
        _warn(_gps_warning(path.name, facts.gps))
    return 0


def run_links(args: argparse.Namespace) -> int:
    from dorker.config import load_config
    from dorker.errors import UsageError
    from dorker.images.links import THRESHOLDS, find_links, link_groups, load_images
    from dorker.store.cases import normalise_case_id, require_case
    from dorker.store.display import safe_text
    from dorker.store.session import open_configured_store

    if args.threshold is not None and not 0 <= args.threshold <= 32:
        raise UsageError(_("--threshold {value} is outside 0..32").format(value=args.threshold),
                         hint=_("the defaults are phash 11, dhash 11, window 10 of 64 bits"))
    limits = dict.fromkeys(THRESHOLDS, args.threshold) if args.threshold is not None else None
    config = load_config()
    with open_configured_store(config) as store:
        case_id = require_case(store, normalise_case_id(args.case)).id if args.case else None
        nodes = load_images(store)
    by_sha = {n.sha256: n for n in nodes}
    links = find_links(nodes, limits)
    groups = link_groups(nodes, links)
    if case_id is not None:
        links = [k for k in links if case_id in by_sha[k.a].cases + by_sha[k.b].cases]
        groups = [g for g in groups if any(case_id in n.cases for n in g)]
    if args.format == "json":
        print(json.dumps({
            "links": [{**k.as_json(), "cases_a": by_sha[k.a].cases, "cases_b": by_sha[k.b].cases}
                      for k in links],
            "groups": [{"lead": f"image:{g[0].sha256}", "images": [n.sha256 for n in g],
                        "cases": sorted({c for n in g for c in n.cases}),
                        "other_cases": sorted({c for n in g for c in n.cases} - {case_id})
                        if case_id else []} for g in groups]}, ensure_ascii=False))
    else:
        for g in groups:
            cases = sorted({c for n in g for c in n.cases})
            print(safe_text(f"image:{g[0].sha256[:16]}…  " + _(
                "{count} images  cases: {cases}").format(count=len(g),
                                                         cases=", ".join(cases) or "-")))
            for n in g:
                name = n.sightings[0].file or ""
                print(safe_text(f"  {n.sha256[:16]}…  {name}  {', '.join(n.cases) or '-'}"))
        for k in links:
            print(safe_text(f"{k.a[:16]}… ~ {k.b[:16]}…  {k.method} {k.distance}"))
        if not links:
            print(_("no linked images touch {case}").format(case=case_id) if case_id
                  else _("no linked images"))
    return 0 if links else 1


def run_reverse(args: argparse.Namespace) -> int:
    from pathlib import Path

    from dorker.browser import browser_takes, can_copy, copy_text, open_urls
    from dorker.config import load_config
    from dorker.coverage import QUERY_OPENED
    from dorker.errors import UsageError
    from dorker.images.events import examine
    from dorker.images.reverse import is_image_url, pages_for_file, pages_for_url
    from dorker.store.events import NewEvent, new_command_id
    from dorker.store.session import open_configured_store, read_current_case, resolve_case

    how = args.how or "browser"
    if how == "copied" and not can_copy():  # before anything is recorded or said
        raise UsageError(_("no clipboard is available here"), hint=_("use --print instead"))
    if is_image_url(args.target):
        pages = pages_for_url(args.target, args.via)
    else:
        path = Path(args.target)
        facts, _hashes = examine(path)  # a FILE must be a readable image: else exit 2
        pages = pages_for_file(path, facts.sha256, args.via)
        _warn(_("{file} is a local file: dorker uploads nothing; the service's upload page "
                "opens and you choose whether to upload it there").format(file=path.name))
        if facts.gps:
            _warn(_gps_warning(path.name, facts.gps))
    config = load_config()
    # What really happens to each page, known before it is recorded: the browser takes the
    # first ones, or none where no browser can be started (then they are printed).
    taken = browser_takes(len(pages)) if how == "browser" else 0
    command_id = new_command_id()
    with open_configured_store(config, create=True) as store:
        case_id = (resolve_case(store, config, args.case)
                   if (args.case or read_current_case(config)) else None)
        # One command, one transaction (all pages or none), committed before the hand-off.
        store.append_many([NewEvent(QUERY_OPENED, {
            **page.record(), "how": how if how != "browser" or index < taken else "printed",
            "command_id": command_id}, config.actor, case_id)
            for index, page in enumerate(pages)])
    urls = [p.url for p in pages]
    printed: list[str] = []
    note = ""
    if how == "copied":
        note = _("copied {count} URL(s) via {via}").format(count=len(urls),
                                                          via=copy_text("\n".join(urls)))
    elif how == "printed":
        printed = urls
    else:
        result = open_urls(urls)
        printed, note = result.printed, result.reason
        if result.opened:
            note = _("opened {count} in the browser").format(count=len(result.opened)) + (
                f"; {note}" if note else "")
    for page in pages:
        if page.url in printed:
            sys.stdout.write(f"{page.service.id:<14} {page.url}\n")
    if not pages[0].uploads_nothing:
        for page in pages:
            _warn(f"{page.service.name}: {_(page.service.uploads)}")
    recorded = (_("recorded {count} reverse-image search(es) for {case}").format(
        count=len(pages), case=case_id) if case_id else
        _("recorded {count} reverse-image search(es) (no case: use --case or dorker case "
          "use)").format(count=len(pages)))
    _warn(recorded + (f"; {note}" if note else ""))
    return 0
