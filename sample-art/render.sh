#!/bin/sh
# Re-render the sample site's illustrations from their SVG sources.
#
#   sample-art/render.sh            # all four
#   sample-art/render.sh launch-pad # just one (name without .svg)
#
# Needs headless Chromium (Debian: chromium), fonts-dejavu-core, and Python 3 with
# Pillow (Debian: python3-pil, or pip install pillow). Each SVG is shown at its full size
# on a bare HTML page with no margin, screenshotted at exactly that size, and then saved as a
# JPEG (quality 85) or an optimised PNG with no metadata.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
out="$here/../content/2024/06"
chromium=${CHROMIUM:-chromium}

# name  width  height  format
targets='signing-table 2400 1350 jpg
rajin-port 1800 1200 jpg
launch-pad 1600 1000 jpg
exchange-diagram 1400 800 png'

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "$targets" | while read -r name w h fmt; do
  if [ $# -gt 0 ]; then
    case " $* " in *" $name "*) ;; *) continue ;; esac
  fi
  cat >"$tmp/$name.html" <<HTML
<!doctype html>
<html><head><meta charset="utf-8">
<style>html,body{margin:0;padding:0;overflow:hidden;background:#fff}img{display:block;width:${w}px;height:${h}px}</style>
</head><body><img src="file://$here/$name.svg" alt=""></body></html>
HTML
  "$chromium" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
    --user-data-dir="$tmp/profile" --force-device-scale-factor=1 \
    --window-size="$w,$h" --screenshot="$tmp/$name.png" "file://$tmp/$name.html" \
    >/dev/null 2>&1
  python3 - "$tmp/$name.png" "$out/$name.$fmt" "$w" "$h" "$fmt" <<'PY'
import sys
from PIL import Image
src, dst, w, h, fmt = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
im = Image.open(src).convert("RGB")
if im.size != (w, h):
    sys.exit(f"{src}: rendered at {im.size}, expected {(w, h)}")
if fmt == "jpg":
    # No EXIF, ICC profile or comments: Pillow writes none unless asked.
    im.save(dst, "JPEG", quality=85, optimize=True, progressive=True, subsampling="4:2:0")
else:
    # A flat diagram: an adaptive 256-colour palette is visually lossless and much smaller.
    im.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        dst, "PNG", optimize=True)
print(f"{dst}: {w}x{h}")
PY
done
