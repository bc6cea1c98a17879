"""Draw TapHuan's icon set into resources/icons/: an SVG, PNGs and the Windows .ico.

The design is TapHuan's own (a teal rounded square, an open book, a check mark), drawn with
Pillow primitives so the raster sizes need no SVG renderer; the SVG says the same in vectors.
Run: .venv/bin/python installer/make_icons.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parents[1] / "resources" / "icons"
TEAL, PAGE, INK, CHECK = "#0f766e", "#ffffff", "#134e4a", "#facc15"

SVG = f"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 256 256">
  <rect x="8" y="8" width="240" height="240" rx="48" fill="{TEAL}"/>
  <path d="M40 76 Q84 60 124 80 L124 200 Q84 180 40 196 Z" fill="{PAGE}"/>
  <path d="M216 76 Q172 60 132 80 L132 200 Q172 180 216 196 Z" fill="{PAGE}"/>
  <path d="M58 104 H106 M58 128 H106 M58 152 H96" stroke="{INK}" stroke-width="8"
        stroke-linecap="round"/>
  <path d="M148 134 L170 158 L206 106" fill="none" stroke="{CHECK}" stroke-width="16"
        stroke-linecap="round" stroke-linejoin="round"/>
</svg>
"""


def draw(size: int) -> Image.Image:
    scale = 4  # drawn large, then shrunk: smooth edges without an SVG renderer
    s = size * scale / 256
    image = Image.new("RGBA", (size * scale, size * scale), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle([8 * s, 8 * s, 248 * s, 248 * s], radius=48 * s, fill=TEAL)
    pen.polygon([(40 * s, 76 * s), (124 * s, 80 * s), (124 * s, 200 * s), (40 * s, 196 * s)],
                fill=PAGE)  # fmt: skip
    pen.polygon([(216 * s, 76 * s), (132 * s, 80 * s), (132 * s, 200 * s), (216 * s, 196 * s)],
                fill=PAGE)  # fmt: skip
    for y, end in ((104, 106), (128, 106), (152, 96)):
        pen.line([(58 * s, y * s), (end * s, y * s)], fill=INK, width=max(1, round(8 * s)))
    pen.line([(148 * s, 134 * s), (170 * s, 158 * s), (206 * s, 106 * s)], fill=CHECK,
             width=max(1, round(16 * s)), joint="curve")  # fmt: skip
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "taphuan.svg").write_text(SVG, encoding="utf-8")
    for size in (16, 32, 48, 256):
        draw(size).save(OUT / f"taphuan-{size}.png")
    draw(256).save(OUT / "taphuan.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (256, 256)])
    print(f"icons written to {OUT}")


if __name__ == "__main__":
    main()
