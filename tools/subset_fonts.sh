#!/usr/bin/env bash
# Rebuild the bundled fonts from Debian's fonts-dejavu-core and fonts-dejavu-extra (the serif italics):
# keep Latin, Cyrillic (with all Kazakh letters), punctuation and symbols used in legal text (the ballot
# boxes of the printable forms among them), so the package stays small.
set -euo pipefail
src=${1:-/usr/share/fonts/truetype/dejavu}
out=$(dirname "$0")/../kzpolicy_gen/assets/fonts
ranges="U+0020-007E,U+00A0-017F,U+0218-021B,U+0300-0301,U+0400-052F,U+2000-206F,U+20A0-20C0,U+2116,U+2122,U+2190-2193,U+2212,U+25A1,U+2610-2612,U+2713,U+2714,U+FFFD"
for face in DejaVuSans DejaVuSans-Bold DejaVuSans-Oblique DejaVuSans-BoldOblique \
    DejaVuSerif DejaVuSerif-Bold DejaVuSerif-Italic DejaVuSerif-BoldItalic; do
  pyftsubset "$src/$face.ttf" --unicodes="$ranges" --layout-features='*' --name-IDs='*' --name-legacy \
    --output-file="$out/$face.ttf"
done
