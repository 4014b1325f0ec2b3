"""Synthetic, photo-like test images made in code (nothing binary is committed).

Each photo is drawn from a seed: a two-colour gradient sky and ground, a horizon, shapes (a
building with windows, people-like ellipses, a car), soft Gaussian noise, a slight blur and a
line of text, so photos differ in layout, colour and detail like real ones. `variants` makes the
edits recruiters apply when they reuse a photo: resized, recompressed, cropped, captioned (a bar
with a phone number) and brightened.
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter, ImageFont

__all__ = ["VARIANTS", "jpeg_bytes", "make_photo", "variants"]

_WORDS = ["HOTEL", "LOBBY", "VISA", "DUBAI", "JOBS", "KUALA", "AIRPORT", "WELCOME", "STAFF",
          "SITE", "GROUP", "OFFICE", "DOHA", "RIYADH", "TOWER", "PASSPORT"]


def _colour(rnd: random.Random) -> tuple[int, int, int]:
    return (rnd.randrange(256), rnd.randrange(256), rnd.randrange(256))


def _gradient(size: tuple[int, int], top: tuple[int, int, int], bottom: tuple[int, int, int],
              angle: float) -> np.ndarray:
    width, height = size
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    t = (ys / height) * np.cos(angle) + (xs / width) * np.sin(angle)
    t = (t - t.min()) / max(float(t.max() - t.min()), 1e-6)
    start = np.array(top, np.float32)
    end = np.array(bottom, np.float32)
    return start + (end - start) * t[..., None]


def make_photo(seed: int, size: tuple[int, int] = (640, 480)) -> Image.Image:
    """A distinct photo-like RGB image for `seed`."""
    rnd = random.Random(seed)
    width, height = size
    horizon = int(height * rnd.uniform(0.3, 0.7))
    pixels = _gradient(size, _colour(rnd), _colour(rnd), rnd.uniform(-0.6, 0.6))
    ground = _gradient((width, height - horizon), _colour(rnd), _colour(rnd), rnd.uniform(-1, 1))
    pixels[horizon:] = ground
    image = Image.fromarray(pixels.clip(0, 255).astype(np.uint8), "RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(rnd.randint(1, 3)):  # buildings with rows of windows
        left = rnd.randrange(0, width - 80)
        bw = rnd.randint(60, 220)
        top = rnd.randint(20, horizon)
        draw.rectangle((left, top, left + bw, horizon + 10), fill=_colour(rnd))
        window = _colour(rnd)
        step = rnd.randint(14, 30)
        for wy in range(top + 8, horizon - 10, step):
            for wx in range(left + 6, left + bw - 12, step):
                draw.rectangle((wx, wy, wx + step // 2, wy + step // 2), fill=window)
    for _ in range(rnd.randint(2, 6)):  # people: a head and a body
        x = rnd.randrange(20, width - 40)
        y = rnd.randrange(horizon, height - 60)
        scale = rnd.uniform(0.6, 1.8)
        body = _colour(rnd)
        draw.ellipse((x, y, x + 22 * scale, y + 22 * scale), fill=(rnd.randint(90, 230),) * 3)
        draw.rounded_rectangle((x - 6 * scale, y + 22 * scale, x + 28 * scale, y + 90 * scale),
                               radius=int(8 * scale), fill=body)
    for _ in range(rnd.randint(2, 8)):  # odd shapes and objects
        x0, y0 = rnd.randrange(width), rnd.randrange(height)
        points = [(x0 + rnd.randint(-90, 90), y0 + rnd.randint(-90, 90)) for _ in range(5)]
        draw.polygon(points, fill=_colour(rnd))
    font = ImageFont.load_default(size=rnd.randint(22, 44))
    text = " ".join(rnd.sample(_WORDS, 2))
    draw.text((rnd.randrange(10, width // 2), rnd.randrange(10, height - 60)), text,
              fill=_colour(rnd), font=font)
    image = image.filter(ImageFilter.GaussianBlur(rnd.uniform(0.4, 1.2)))
    noise = np.random.default_rng(seed).normal(0, rnd.uniform(4, 12), (height, width, 3))
    noisy = np.asarray(image, np.float32) + noise
    return Image.fromarray(noisy.clip(0, 255).astype(np.uint8), "RGB")


def jpeg_bytes(image: Image.Image, quality: int = 90) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def _recompress(image: Image.Image) -> Image.Image:
    return Image.open(io.BytesIO(jpeg_bytes(image, quality=30))).convert("RGB")


def _resize(image: Image.Image) -> Image.Image:
    return image.resize((image.width * 45 // 100, image.height * 45 // 100), Image.LANCZOS)


def _crop(image: Image.Image) -> Image.Image:
    # A moderate crop: 10-16 % of the width and of the height cut off, split between the two
    # sides at random (drawn from the image, so each photo is cropped its own way).
    w, h = image.size
    rnd = random.Random(image.tobytes()[:4096])
    cut_w, cut_h = w * rnd.randint(10, 16) // 100, h * rnd.randint(10, 16) // 100
    left, top = rnd.randint(0, cut_w), rnd.randint(0, cut_h)
    return image.crop((left, top, w - (cut_w - left), h - (cut_h - top)))


def _caption(image: Image.Image) -> Image.Image:
    # A bar over the bottom 15 % with a phone number, as on a reposted job ad.
    out = image.copy()
    draw = ImageDraw.Draw(out)
    bar = out.height * 15 // 100
    draw.rectangle((0, out.height - bar, out.width, out.height), fill=(200, 20, 20))
    font = ImageFont.load_default(size=bar * 6 // 10)
    draw.text((12, out.height - bar + bar // 6), "WhatsApp +8801712345678", fill="white",
              font=font)
    return out


def _brighten(image: Image.Image) -> Image.Image:
    return ImageEnhance.Brightness(image).enhance(1.35)


VARIANTS: dict[str, Callable[[Image.Image], Image.Image]] = {
    "resized": _resize, "recompressed": _recompress, "cropped": _crop,
    "captioned": _caption, "brightened": _brighten,
}


def variants(photo: Image.Image) -> dict[str, Image.Image]:
    """The photo's edited copies, by edit name."""
    return {name: edit(photo) for name, edit in VARIANTS.items()}
