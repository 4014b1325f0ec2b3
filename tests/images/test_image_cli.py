"""`dorker image add|inspect|links|reverse` and `evidence list`, run as the user runs them."""

from __future__ import annotations

import contextlib
import json
import re
import stat
from decimal import Decimal
from pathlib import Path

import pytest
from images_fixtures import bomb_png, jpeg_of, photo_with_gps, plain_photo
from photos import make_photo, variants
from PIL import Image

from dorker.config import load_config
from dorker.images.links import image_lead_edges
from dorker.store.base import EventFilter, EventStore
from dorker.store.events import Event
from dorker.store.session import open_configured_store
from helpers import run_cli
from write_kill import Killed, kill_after_commits


def _store(home: Path) -> EventStore:
    return open_configured_store(load_config())


def _events(home: Path, action: str | None = None) -> list[Event]:
    if not (home / "data" / "dorker.sqlite3").exists():
        return []
    with _store(home) as store:
        return list(store.iter_events(EventFilter(action=action)))


@pytest.fixture
def case(dorker_home: Path) -> str:
    assert run_cli("case", "new", "Hotel lobby job ads", "--use").code == 0
    return "C-0001"


def test_add_keeps_evidence_and_records_hashes_exif_gps_as_strings(
        tmp_path: Path, case: str, dorker_home: Path) -> None:
    path = photo_with_gps(tmp_path / "lobby.jpg", Decimal("23.810331"), Decimal("90.412521"))
    result = run_cli("image", "add", str(path), "--url", "https://jobs.example/ad/7",
                     "--note", "hotel lobby", "--format", "json")
    assert result.code == 0, result.err
    out = json.loads(result.out)
    assert out["evidence"]["action"] == "evidence.added"
    image = out["image"]["payload"]
    assert out["image"]["action"] == "image.added" and out["image"]["case"] == case
    assert image["gps"] == {"lat": "23.810331", "lon": "90.412521"}
    assert image["exif"]["make"] == "Samsung"
    assert image["sha256"] == out["evidence"]["payload"]["sha256"]  # names its evidence
    assert out["image"]["seq"] == out["evidence"]["seq"] + 1  # recorded together
    assert len(image["hashes"]["phash"]) == 16 and len(image["hashes"]["windows"]) == 18
    assert "carries GPS" in result.err
    listed = run_cli("evidence", "list", "--format", "json")
    assert [e["sha256"] for e in json.loads(listed.out)["evidence"]] == [image["sha256"]]
    assert "lobby.jpg" in run_cli("evidence", "list").out
    copy = dorker_home / "data" / "evidence" / "sha256" / image["sha256"][:2] / image["sha256"]
    assert copy.read_bytes() == path.read_bytes()
    assert stat.S_IMODE(copy.stat().st_mode) == 0o400
    assert stat.S_IMODE(copy.parent.stat().st_mode) == 0o700
    assert run_cli("audit", "verify").code == 0


def test_add_is_one_commit_so_a_kill_never_leaves_evidence_without_its_image(
        tmp_path: Path, case: str, dorker_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = plain_photo(tmp_path / "lobby.jpg")
    made = kill_after_commits(monkeypatch, 1)  # the process dies at its second commit, if any
    with contextlib.suppress(Killed):
        assert run_cli("image", "add", str(path)).code == 0
    recorded = [e.action for e in _events(dorker_home) if e.action != "case.created"]
    assert recorded == ["evidence.added", "image.added"] and made == [1]


def _truncated(tmp_path: Path) -> Path:
    path = tmp_path / "cut.jpg"
    path.write_bytes(jpeg_of(4)[:5000])
    return path


def _pcx(tmp_path: Path) -> Path:
    path = tmp_path / "scan.pcx"
    Image.new("RGB", (40, 30), "green").save(path, "PCX")
    return path


def _text(tmp_path: Path) -> Path:
    path = tmp_path / "ad.jpg"
    path.write_text("not a photo", encoding="utf-8")
    return path


BAD = [
    pytest.param(_text, "not an image", id="not-an-image"),
    pytest.param(_truncated, "truncated", id="truncated-jpeg"),
    pytest.param(lambda p: bomb_png(p / "bomb.png"), "decompression bomb", id="bomb"),
    pytest.param(_pcx, "unsupported image format PCX", id="unsupported"),
    pytest.param(lambda p: p / "gone.jpg", "not a readable file", id="unreadable-path"),
]


@pytest.mark.parametrize(("make", "expected"), BAD)
@pytest.mark.parametrize("command", ["add", "inspect", "reverse"])
def test_bad_input_one_line_exit_2_nothing_stored(tmp_path: Path, case: str, dorker_home: Path,
                                                  make: object, expected: str,
                                                  command: str) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    before = len(_events(dorker_home))
    assert before == 1  # the case
    result = run_cli("image", command, str(path), *(["--print"] if command == "reverse" else []))
    assert result.code == 2
    assert expected in result.err and str(path) in result.err
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
    assert len(_events(dorker_home)) == before
    assert not (dorker_home / "data" / "evidence" / "sha256").exists()


def test_inspect_json_shape_and_records_nothing(tmp_path: Path, dorker_home: Path) -> None:
    path = photo_with_gps(tmp_path / "g.jpg", Decimal("-6.2"), Decimal("106.816666"))
    result = run_cli("image", "inspect", str(path), "--format", "json")
    assert result.code == 0
    data = json.loads(result.out)
    assert set(data) >= {"sha256", "hashes", "exif", "gps"}
    assert data["gps"]["lat"] == pytest.approx(-6.2, abs=1e-4)
    assert data["gps"]["lon"] == pytest.approx(106.816666, abs=1e-4)
    assert "carries GPS" in result.err
    plain = run_cli("image", "inspect", str(plain_photo(tmp_path / "p.jpg")))
    assert "gps                    none" in plain.out and plain.err == ""
    assert not (dorker_home / "data").exists()


def _add(path: Path, case_id: str) -> dict:  # type: ignore[type-arg]
    result = run_cli("image", "add", str(path), "--case", case_id, "--format", "json")
    assert result.code == 0, result.err
    return json.loads(result.out)["image"]  # type: ignore[no-any-return]


def test_links_across_cases_and_lead_edges(tmp_path: Path, case: str, dorker_home: Path) -> None:
    assert run_cli("case", "new", "Second case").code == 0
    photo = make_photo(31)
    edits = variants(photo)
    photo.save(tmp_path / "original.jpg", quality=92)
    edits["cropped"].save(tmp_path / "cropped.jpg")
    edits["captioned"].save(tmp_path / "captioned.png")
    make_photo(32).save(tmp_path / "other.jpg")
    first = _add(tmp_path / "original.jpg", "C-0001")
    _add(tmp_path / "other.jpg", "C-0001")
    cropped = _add(tmp_path / "cropped.jpg", "C-0002")
    captioned = _add(tmp_path / "captioned.png", "C-0002")
    result = run_cli("image", "links", "--case", "C-0001", "--format", "json")
    assert result.code == 0
    data = json.loads(result.out)
    shas = {first["payload"]["sha256"], cropped["payload"]["sha256"],
            captioned["payload"]["sha256"]}
    assert {frozenset((k["a"], k["b"])) for k in data["links"]} <= {
        frozenset((a, b)) for a in shas for b in shas if a != b}
    assert len(data["links"]) >= 2
    [group] = data["groups"]
    assert group["lead"] == f"image:{first['payload']['sha256']}"
    assert set(group["images"]) == shas and group["other_cases"] == ["C-0002"]
    with _store(dorker_home) as store:
        edges = list(image_lead_edges(store, "C-0002"))
        assert list(image_lead_edges(store, "C-0001")) == edges
    assert {e["lead"] for e in edges} == {group["lead"]}
    assert [e["seq"] for e in edges] == [first["seq"], cropped["seq"], captioned["seq"]]
    assert edges[0] == {"lead": group["lead"], "kind": "image",
                        "item": {"type": "evidence", "sha256": first["payload"]["sha256"],
                                 "url": None}, "case": "C-0001", "seq": first["seq"]}
    assert run_cli("image", "links", "--threshold", "0").code == 1
    assert run_cli("image", "links", "--threshold", "99").code == 2


def test_same_file_in_two_cases_is_a_lead(tmp_path: Path, case: str, dorker_home: Path) -> None:
    assert run_cli("case", "new", "Second case").code == 0
    path = plain_photo(tmp_path / "visa.jpg")
    one, two = _add(path, "C-0001"), _add(path, "C-0002")
    with _store(dorker_home) as store:
        edges = list(image_lead_edges(store, None))
    assert [(e["case"], e["seq"]) for e in edges] == [("C-0001", one["seq"]),
                                                      ("C-0002", two["seq"])]


def test_reverse_url_records_each_service_like_open(case: str, dorker_home: Path) -> None:
    url = "https://cdn.example/ads/lobby photo.jpg?w=800&h=600"
    result = run_cli("image", "reverse", url.replace(" ", "%20"), "--print")
    assert result.code == 0
    lines = result.out.splitlines()
    assert [line.split()[0] for line in lines] == ["google-lens", "bing-images",
                                                   "yandex-images", "tineye"]
    encoded = "https%3A%2F%2Fcdn.example%2Fads%2Flobby%2520photo.jpg%3Fw%3D800%26h%3D600"
    assert lines[0].endswith(f"https://lens.google.com/uploadbyurl?url={encoded}")
    assert lines[3].endswith(f"https://tineye.com/search?url={encoded}")
    events = _events(dorker_home, "query.opened")
    assert [e.payload["engine"] for e in events] == ["google-lens", "bing-images",
                                                    "yandex-images", "tineye"]
    assert {e.payload["command_id"] for e in events} == {events[0].payload["command_id"]}
    assert re.fullmatch("[0-9a-f]{32}", events[0].payload["command_id"])  # the one id form
    assert all(e.case_id == case and e.payload["how"] == "printed" for e in events)


def test_reverse_records_every_page_in_one_commit(case: str, dorker_home: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    kill_after_commits(monkeypatch, 1)
    with contextlib.suppress(Killed):
        assert run_cli("image", "reverse", "https://cdn.example/a.jpg", "--print").code == 0
    assert len(_events(dorker_home, "query.opened")) == 4  # all four services, or none


def test_reverse_file_opens_upload_page_and_uploads_nothing(tmp_path: Path, case: str,
                                                            dorker_home: Path) -> None:
    path = photo_with_gps(tmp_path / "site.jpg", Decimal("25.2"), Decimal("55.27"))
    result = run_cli("image", "reverse", str(path), "--via", "tineye", "--via", "yandex-images",
                     "--print")
    assert result.code == 0
    assert result.out.split() == ["tineye", "https://tineye.com/", "yandex-images",
                                  "https://yandex.com/images/"]
    assert "uploads nothing" in result.err and "carries GPS" in result.err
    [tineye, yandex] = _events(dorker_home, "query.opened")
    assert tineye.payload["reverse_image"]["uploaded_by_dorker"] is False
    assert tineye.payload["reverse_image"]["file"] == "site.jpg"
    assert yandex.payload["url"] == "https://yandex.com/images/"


def test_reverse_unknown_service_records_nothing(case: str, dorker_home: Path) -> None:
    result = run_cli("image", "reverse", "https://x.example/a.jpg", "--via", "pimeyes")
    assert result.code == 2 and "unknown reverse-image service" in result.err
    assert _events(dorker_home, "query.opened") == []
