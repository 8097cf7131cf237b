#!/usr/bin/python3
"""Draws the web app's icons (PacsViewer.Web/wwwroot/icons) from geometry: no third-party artwork.

A white gantry ring with a cross-section inside (body outline, two lungs, spine) on the app's primary colour
(MudBlazor's default #594AE2). The "any" icons are a rounded square with transparent corners; the maskable one
fills the square and keeps the drawing inside the central 80% circle (the safe zone of maskable icons).
Run with /usr/bin/python3 (numpy); writes PNG with zlib only.
"""
import os
import struct
import zlib

import numpy as np

PRIMARY = np.array([0x59, 0x4A, 0xE2], dtype=np.float64)
WHITE = np.array([255, 255, 255], dtype=np.float64)
PALE = np.array([0xD9, 0xD4, 0xF8], dtype=np.float64)
SUPERSAMPLE = 4


def coverage(size, inside):
    """Fraction of each pixel inside a shape given as a predicate on coordinates in [-1, 1]."""
    n = size * SUPERSAMPLE
    c = (np.arange(n) + 0.5) / n * 2 - 1
    x, y = np.meshgrid(c, c)
    mask = inside(x, y).astype(np.float64)
    return mask.reshape(size, SUPERSAMPLE, size, SUPERSAMPLE).mean(axis=(1, 3))


def ellipse(cx, cy, rx, ry):
    return lambda x, y: ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1


def draw(size, maskable):
    scale = 0.8 if maskable else 1.0  # maskable: the drawing stays inside the safe zone

    def s(shape):
        return lambda x, y: shape(x / scale, y / scale)

    if maskable:
        background = np.ones((size, size))
    else:
        r = 0.36  # corner radius of the rounded square, in [-1, 1] units
        def rounded(x, y):
            dx = np.maximum(np.abs(x) - (1 - r), 0)
            dy = np.maximum(np.abs(y) - (1 - r), 0)
            return dx * dx + dy * dy <= r * r
        background = coverage(size, rounded)

    ring = coverage(size, s(lambda x, y: (x * x + y * y <= 0.78 ** 2) & (x * x + y * y >= 0.64 ** 2)))
    body = coverage(size, s(ellipse(0, 0.02, 0.50, 0.36)))
    lung_left = coverage(size, s(ellipse(-0.22, -0.02, 0.17, 0.23)))
    lung_right = coverage(size, s(ellipse(0.22, -0.02, 0.17, 0.23)))
    spine = coverage(size, s(ellipse(0, 0.26, 0.07, 0.06)))

    rgb = np.zeros((size, size, 3))
    rgb[:] = PRIMARY
    for layer, colour in ((ring, WHITE), (body, PALE), (lung_left, PRIMARY), (lung_right, PRIMARY), (spine, WHITE)):
        rgb = rgb * (1 - layer[..., None]) + colour * layer[..., None]
    alpha = background
    return np.dstack([rgb, alpha[..., None] * 255]).round().clip(0, 255).astype(np.uint8)


def write_png(path, rgba):
    height, width, _ = rgba.shape
    raw = b"".join(b"\x00" + rgba[row].tobytes() for row in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


if __name__ == "__main__":
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "PacsViewer.Web", "wwwroot", "icons")
    os.makedirs(out, exist_ok=True)
    for name, size, maskable in (("icon-192.png", 192, False), ("icon-512.png", 512, False), ("icon-maskable-512.png", 512, True),
                                 ("apple-touch-icon-180.png", 180, True)):
        write_png(os.path.join(out, name), draw(size, maskable))
        print(name)
