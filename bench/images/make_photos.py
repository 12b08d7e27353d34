"""Makes N photo-like JPEGs of 2-4 megapixels for bench/images.sh, deterministically.

Each photo: a sky-to-ground gradient, soft shapes (sun, hills, blocks), fine noise and a little
grain, so it has the entropy of a real photo (about 0.6-1.5 MB at quality 90). Every fifth photo
is stored sideways with EXIF orientation 6 (as phones do). Same seed, same bytes.

Usage: python3 make_photos.py OUT_DIR [N=200]
"""

import sys
from pathlib import Path

import numpy as np
from PIL import Image

SIZES = [(2048, 1365), (2400, 1600), (1920, 1280), (2448, 1632), (2000, 1500), (1600, 1400)]


def photo(i: int) -> Image.Image:
    rng = np.random.default_rng(1000 + i)
    w, h = SIZES[i % len(SIZES)]
    y = np.linspace(0.0, 1.0, h, dtype=np.float32)[:, None]
    x = np.linspace(0.0, 1.0, w, dtype=np.float32)[None, :]
    top, bottom = rng.uniform(40, 230, 3), rng.uniform(20, 200, 3)
    img = np.empty((h, w, 3), dtype=np.float32)
    for c in range(3):
        img[:, :, c] = top[c] * (1 - y) + bottom[c] * y + 25 * np.sin(6.0 * x + c + i)
    # A sun, hills and blocks with soft edges.
    cx, cy, r = rng.uniform(0.2, 0.8), rng.uniform(0.1, 0.4), rng.uniform(0.05, 0.12)
    sun = np.clip(1.0 - np.sqrt((x - cx) ** 2 + (y - cy) ** 2) / r, 0, 1) ** 0.5
    img += sun[:, :, None] * rng.uniform(60, 120, 3)
    for _ in range(3):
        base, amp, freq = rng.uniform(0.55, 0.85), rng.uniform(0.03, 0.1), rng.uniform(3, 12)
        ridge = base + amp * np.sin(freq * x + rng.uniform(0, 6))
        hill = np.clip((y - ridge) * 40.0, 0, 1)
        img = img * (1 - hill[:, :, None] * 0.6) + hill[:, :, None] * rng.uniform(20, 120, 3) * 0.6
    for _ in range(6):
        x0, y0 = rng.uniform(0, 0.9), rng.uniform(0.4, 0.9)
        bw, bh = rng.uniform(0.02, 0.1), rng.uniform(0.05, 0.3)
        block = ((x > x0) & (x < x0 + bw) & (y > y0 - bh) & (y < y0)).astype(np.float32)
        img = img * (1 - block[:, :, None]) + block[:, :, None] * rng.uniform(0, 255, 3)
    # Texture at two scales, then grain.
    coarse = rng.normal(0, 18, (h // 8 + 1, w // 8 + 1, 3)).astype(np.float32)
    img += np.kron(coarse, np.ones((8, 8, 1), dtype=np.float32))[:h, :w]
    img += rng.normal(0, 6, (h, w, 3)).astype(np.float32)
    return Image.fromarray(np.clip(img, 0, 255).astype(np.uint8), "RGB")


def main() -> None:
    out = Path(sys.argv[1])
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    out.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        path = out / f"photo-{i:03d}.jpg"
        if path.exists():
            continue
        image = photo(i)
        exif = Image.Exif()
        exif[0x010F] = "BenchCam"
        if i % 5 == 4:
            # Stored sideways, shown upright: orientation 6 rotates 90 degrees clockwise.
            image = image.transpose(Image.Transpose.ROTATE_90)
            exif[0x0112] = 6
        tmp = path.with_suffix(".tmp")
        image.save(tmp, "JPEG", quality=90, exif=exif)
        tmp.rename(path)


if __name__ == "__main__":
    main()
