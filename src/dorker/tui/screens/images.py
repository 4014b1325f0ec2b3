"""Images: the current case's images with their EXIF, GPS, links to reused photos elsewhere,
a thumbnail, and reverse-image searches and map look-ups recorded like `open` (a file is never
uploaded)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Header, Static

from dorker.i18n import N_, _
from dorker.tui.image_access import ImageAccess, ImageRow
from dorker.tui.messages import Failed
from dorker.tui.models import CaseInfo
from dorker.tui.screens.base import DorkerScreen, PaletteCommand
from dorker.tui.text import literal
from dorker.tui.widgets.keybar import KeyBar
from dorker.tui.widgets.thumbnail import Thumbnail

__all__ = ["ImagesLoaded", "ImagesScreen", "ThumbnailReady"]

SERVICES = (("g", "google-lens", N_("Lens")), ("b", "bing-images", N_("Bing")),
            ("y", "yandex-images", N_("Yandex")), ("t", "tineye", N_("TinEye")))
THUMB_COLUMNS, THUMB_ROWS = 36, 10


class ImagesLoaded(Message):
    """The case's images were read."""

    def __init__(self, case_id: str | None, rows: list[ImageRow]) -> None:
        super().__init__()
        self.case_id = case_id
        self.rows = rows


class ThumbnailReady(Message):
    """A thumbnail was made (or could not be: `image` is None)."""

    def __init__(self, sha256: str, image: object) -> None:
        super().__init__()
        self.sha256 = sha256
        self.image = image


class ImagesScreen(DorkerScreen):
    """The case's images."""

    BINDING_GROUP_TITLE = "Images"
    DEFAULT_CSS = """
    ImagesScreen #images-body { height: 1fr; }
    ImagesScreen #images { width: 1fr; }
    ImagesScreen #image-side { width: 40; padding: 0 1; background: $panel; }
    ImagesScreen #images-status { height: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(key, f"reverse('{service}')", label, id=f"reverse-{service}")
          for key, service, label in SERVICES),
        Binding("m", "map", N_("Map"), id="image-map"),
        Binding("ctrl+r", "reload", N_("Reload"), id="reload-images"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.access: ImageAccess | None = None
        self.rows: dict[str, ImageRow] = {}
        self.selected: ImageRow | None = None

    @property
    def table(self) -> DataTable[Text]:
        """The images."""
        return self.query_one("#images", DataTable)

    @property
    def detail(self) -> Static:
        return self.query_one("#image-detail", Static)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text("", style="dim"), id="images-status")
        with Horizontal(id="images-body"):
            yield DataTable(id="images", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="image-side"):
                yield Thumbnail(id="image-thumb")
                yield Static("", id="image-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.access = ImageAccess(self.services)
        self.table.add_columns(_("seq"), _("file"), _("camera"), _("taken"), "GPS", _("links"))
        self.table.focus()
        self.action_reload()

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self.action_reload()

    def case_switched(self, case: CaseInfo | None) -> None:
        self.action_reload()

    def action_reload(self) -> None:
        """Read the case's images again."""
        case = self.case
        if case is None:
            self._status(_("no case: choose one on the Cases screen (F3)"))
            self.table.clear()
            return
        self._load(case.id)

    def _status(self, text: str) -> None:
        self.query_one("#images-status", Static).update(literal(text, "dim"))

    @work(thread=True, exclusive=True, group="images", exit_on_error=False)
    def _load(self, case_id: str) -> None:
        assert self.access is not None
        try:
            rows = self.access.case_images(case_id)
        except Exception as exc:
            self.post_message(Failed(_("cannot read the images: {error}").format(error=exc)))
            return
        self.post_message(ImagesLoaded(case_id, rows))

    @on(ImagesLoaded)
    def _loaded(self, message: ImagesLoaded) -> None:
        table = self.table
        table.clear()
        self.rows = {r.sha256: r for r in message.rows}
        for row in message.rows:
            gps = f"{row.lat}, {row.lon}" if row.lat else "-"
            table.add_row(Text(str(row.seq)), literal(row.file), literal(row.camera),
                          literal(row.exif.get("datetime_original", "")), literal(gps),
                          Text(str(len(row.links)) if row.links else "-"), key=row.sha256)
        linked = sum(1 for r in message.rows if r.links)
        self._status(_("{count} images in {case}, {linked} linked to reused photos · g/b/y/t "
                       "reverse search · m map").format(count=len(message.rows),
                                                        case=message.case_id, linked=linked)
                     if message.rows else
                     _("no images in {case}: add one with dorker image add FILE").format(
                         case=message.case_id))
        if not message.rows:
            self.selected = None
            self.detail.update("")
            self.query_one(Thumbnail).show(None, _("no image"))

    @on(DataTable.RowHighlighted, "#images")
    def _row(self, event: DataTable.RowHighlighted) -> None:
        row = self.rows.get(str(event.row_key.value))
        if row is None:
            return
        self.selected = row
        self.detail.update(self._describe(row))
        self.query_one(Thumbnail).show(None, _("thumbnail loading"))
        self._thumb(row.sha256)

    @work(thread=True, exclusive=True, group="thumb", exit_on_error=False)
    def _thumb(self, sha256: str) -> None:
        assert self.access is not None
        try:
            image = self.access.thumbnail(sha256, THUMB_COLUMNS, THUMB_ROWS)
        except Exception:
            image = None
        self.post_message(ThumbnailReady(sha256, image))

    @on(ThumbnailReady)
    def _thumb_ready(self, message: ThumbnailReady) -> None:
        if self.selected is not None and self.selected.sha256 == message.sha256:
            from PIL import Image

            image = message.image if isinstance(message.image, Image.Image) else None
            self.query_one(Thumbnail).show(image, _("no thumbnail: evidence copy not here"))

    @staticmethod
    def _describe(row: ImageRow) -> Text:
        text = Text()
        text.append_text(literal(row.file, "bold"))
        text.append(f"\nsha256 {row.sha256[:32]}…\n{row.format} {row.width}×{row.height} · "
                    + _("added {time}").format(time=row.ts[:19].replace("T", " ")) + "\n")
        if row.url:
            text.append_text(literal(_("from {url}").format(url=row.url)))
            text.append("\n")
        for key, value in row.exif.items():
            text.append_text(literal(f"{key}: {value}"))
            text.append("\n")
        if row.lat:
            text.append(_("GPS {lat}, {lon} (m: map)").format(lat=row.lat, lon=row.lon) + "\n",
                        style="bold yellow")
            text.append(_("carries its place: strip metadata before sharing") + "\n",
                        style="yellow")
        else:
            text.append(_("no GPS") + "\n", style="dim")
        if row.links:
            text.append(_("same photo as:") + "\n", style="bold")
            for link in row.links:
                text.append_text(literal(
                    f"  {link.file or link.sha256[:12]} · {link.method} {link.distance}"
                    f" · {', '.join(link.cases) or '-'}"))
                text.append("\n")
        return text

    def action_reverse(self, service: str) -> None:
        """Record a reverse-image search of the selected image and open its page."""
        if self.selected is None:
            self.notify(_("no image selected"), severity="warning")
            return
        self._reverse(self.case.id if self.case else None, self.selected, service)

    @work(thread=True, group="reverse", exit_on_error=False)
    def _reverse(self, case_id: str | None, row: ImageRow, service: str) -> None:
        from dorker.browser import browser_takes

        assert self.access is not None
        # Recorded as what will happen: the browser when one can be started, else copied.
        how = "browser" if browser_takes(1) else "copied"
        try:  # recorded (committed) before the hand-off
            url, by_url = self.access.record_reverse(case_id, row, service, how)
        except Exception as exc:
            self.post_message(Failed(_("cannot record the reverse search: {error}").format(
                error=exc)))
            return
        if how == "browser" and self.services.open_url(url) == "opened in the browser":
            done = _("opened in the browser")
        else:
            self.app.call_from_thread(self.app.copy_to_clipboard, url)
            done = _("the URL is on the clipboard")
        said = (_("recorded {service}: search by the image's URL; {how}") if by_url else
                _("recorded {service}: upload page (dorker uploaded nothing; the image has no "
                  "image URL); {how}")).format(service=service, how=done)
        self.app.call_from_thread(self.notify, f"{said}\n{url}")

    def action_map(self) -> None:
        """Record the selected image's GPS point and open it on OpenStreetMap (copied where
        there is no graphical browser)."""
        row = self.selected
        if row is None or row.osm_url is None:
            self.notify(_("the selected image has no GPS point"), severity="warning")
            return
        self._open_map(self.case.id if self.case else None, row)

    @work(thread=True, group="map", exit_on_error=False)
    def _open_map(self, case_id: str | None, row: ImageRow) -> None:
        from dorker.browser import browser_takes

        assert self.access is not None
        how = "browser" if browser_takes(1) else "copied"
        try:  # recorded (committed) before the hand-off, like a reverse search
            url = self.access.record_map(case_id, row, how)
        except Exception as exc:
            self.post_message(Failed(_("cannot record the map look-up: {error}").format(
                error=exc)))
            return
        opened = how == "browser" and self.services.open_url(url) == "opened in the browser"
        if opened:
            said = _("recorded the map look-up: opened in the browser")
        else:
            self.app.call_from_thread(self.app.copy_to_clipboard, url)
            said = _("recorded the map look-up: the URL is on the clipboard")
        self.app.call_from_thread(self.notify, f"{said}\n{url}")

    def palette_commands(self) -> list[PaletteCommand]:
        commands: list[PaletteCommand] = [
            (_("Reverse image search: {service}").format(service=_(label)),
             _("record and open {service} for the image").format(service=service),
             lambda s=service: self.action_reverse(s)) for _key, service, label in SERVICES]
        commands.append((_("Show on the map"), _("record and open the image's GPS point on "
                                                 "OpenStreetMap"), self.action_map))
        return commands
