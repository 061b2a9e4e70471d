#!/usr/bin/env python3
"""Draw the app icons the web manifest names, from the same shapes as icon.svg.

    .venv/bin/python tools/make_icons.py

Writes icon-192.png and icon-512.png (a round icon on a clear ground) and
icon-maskable-512.png (the whole square filled, the star inside the middle
80 % that every launcher shape keeps) into src/glimmers/web/static/glimmers/.
Uses Pillow, which the PDF report already brings.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

FOLDER = Path(__file__).resolve().parent.parent / "src" / "glimmers" / "web" / "static" / "glimmers"
GROUND, STAR = "#2f3b52", "#ffd98a"
# icon.svg's star, on its 32-unit grid, centred on (16, 16).
STAR_POINTS = [(16, 6), (18.2, 13.8), (26, 16), (18.2, 18.2), (16, 26), (13.8, 18.2), (6, 16), (13.8, 13.8)]
SCALE = 4  # drawn four times larger, then shrunk, for smooth edges


def icon(size: int, *, maskable: bool) -> Image.Image:
    big = size * SCALE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if maskable:
        draw.rectangle((0, 0, big, big), fill=GROUND)
        star_scale = big * 0.8 / 32 * 0.75  # the star within the safe zone
    else:
        draw.ellipse((big / 32, big / 32, big * 31 / 32, big * 31 / 32), fill=GROUND)
        star_scale = big / 32
    centre = big / 2
    draw.polygon([(centre + (x - 16) * star_scale, centre + (y - 16) * star_scale) for x, y in STAR_POINTS], fill=STAR)
    return image.resize((size, size), Image.LANCZOS)


def main() -> None:
    for name, size, maskable in (("icon-192.png", 192, False), ("icon-512.png", 512, False), ("icon-maskable-512.png", 512, True)):
        icon(size, maskable=maskable).save(FOLDER / name, optimize=True)
        print(f"wrote {(FOLDER / name).relative_to(FOLDER.parents[4])}")


if __name__ == "__main__":
    main()
