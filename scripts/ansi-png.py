#!/usr/bin/python3
"""Renders a terminal capture with ANSI colours (`tmux capture-pane -e -p`)
to a PNG, one monospace cell per character. Needs Debian's python3-pil and
fonts-dejavu-core.

Usage: scripts/ansi-png.py CAPTURE.txt OUT.png
"""
import re
import sys

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf"
# Braille (the chart's dots) is not in the monospace face.
BRAILLE = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
SIZE = 15
BACKGROUND = (24, 24, 28)
FOREGROUND = (220, 220, 220)
PALETTE = [
    (40, 40, 40), (205, 60, 60), (80, 190, 90), (215, 180, 60),
    (80, 130, 220), (190, 100, 200), (70, 190, 200), (200, 200, 200),
    (110, 110, 110), (240, 90, 90), (110, 230, 120), (240, 220, 100),
    (120, 170, 250), (230, 140, 240), (110, 230, 240), (255, 255, 255),
]


def color256(n):
    if n < 16:
        return PALETTE[n]
    if n < 232:
        n -= 16
        return tuple(0 if c == 0 else 55 + c * 40 for c in (n // 36, n // 6 % 6, n % 6))
    level = 8 + (n - 232) * 10
    return (level, level, level)


def cells(text):
    """Yields rows of (char, fg, bg, bold) per cell."""
    state = {"fg": None, "bg": None, "bold": False, "reverse": False}
    for line in text.split("\n"):
        row = []
        for token in re.split(r"(\x1b\[[0-9;]*m)", line):
            if token.startswith("\x1b["):
                codes = [int(c) if c else 0 for c in token[2:-1].split(";")]
                i = 0
                while i < len(codes):
                    c = codes[i]
                    if c == 0:
                        state.update(fg=None, bg=None, bold=False, reverse=False)
                    elif c == 1:
                        state["bold"] = True
                    elif c == 22:
                        state["bold"] = False
                    elif c == 7:
                        state["reverse"] = True
                    elif c == 27:
                        state["reverse"] = False
                    elif 30 <= c <= 37 or 90 <= c <= 97:
                        state["fg"] = PALETTE[c - 30 if c < 90 else c - 82]
                    elif 40 <= c <= 47 or 100 <= c <= 107:
                        state["bg"] = PALETTE[c - 40 if c < 100 else c - 92]
                    elif c == 39:
                        state["fg"] = None
                    elif c == 49:
                        state["bg"] = None
                    elif c in (38, 48) and i + 1 < len(codes):
                        if codes[i + 1] == 5 and i + 2 < len(codes):
                            rgb, i = color256(codes[i + 2]), i + 2
                        elif codes[i + 1] == 2 and i + 4 < len(codes):
                            rgb, i = tuple(codes[i + 2:i + 5]), i + 4
                        else:
                            rgb = None
                        state["fg" if c == 38 else "bg"] = rgb
                    i += 1
                continue
            for char in token:
                fg, bg = state["fg"] or FOREGROUND, state["bg"] or BACKGROUND
                if state["reverse"]:
                    fg, bg = bg, fg
                row.append((char, fg, bg, state["bold"]))
        yield row


def main(capture, out):
    text = open(capture, encoding="utf-8", errors="replace").read().rstrip("\n")
    rows = list(cells(text))
    font, bold = ImageFont.truetype(FONT, SIZE), ImageFont.truetype(BOLD, SIZE)
    braille = ImageFont.truetype(BRAILLE, SIZE)
    width = round(font.getlength("M"))
    height = SIZE + 4
    columns = max((len(row) for row in rows), default=1)
    image = Image.new("RGB", (columns * width + 16, len(rows) * height + 16), BACKGROUND)
    draw = ImageDraw.Draw(image)
    for y, row in enumerate(rows):
        for x, (char, fg, bg, is_bold) in enumerate(row):
            left, top = 8 + x * width, 8 + y * height
            if bg != BACKGROUND:
                draw.rectangle([left, top, left + width - 1, top + height - 1], fill=bg)
            if char != " ":
                face = braille if "\u2800" <= char <= "\u28ff" else bold if is_bold else font
                draw.text((left, top + 1), char, font=face, fill=fg)
    image.save(out)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
