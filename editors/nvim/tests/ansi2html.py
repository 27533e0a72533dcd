"""A terminal screen with 24-bit colour escapes (tmux capture-pane -e) to an HTML <pre>."""
import html
import re
import sys

FG, BG = '#e0e2ea', '#14161b'  # Neovim's default colour scheme (dark)
text = sys.stdin.read()
fg, bg, bold, underline = FG, BG, False, False
out = []


def span(s):
    style = f'color:{fg};background:{bg};'
    style += 'font-weight:bold;' if bold else ''
    style += 'text-decoration:underline;' if underline else ''
    return f'<span style="{style}">{html.escape(s)}</span>'


pos = 0
for m in re.finditer(r'\x1b\[([0-9;]*)m', text):
    if m.start() > pos:
        out.append(span(text[pos:m.start()]))
    pos = m.end()
    codes = [int(c) if c else 0 for c in m.group(1).split(';')]
    i = 0
    while i < len(codes):
        c = codes[i]
        if c == 0:
            fg, bg, bold, underline = FG, BG, False, False
        elif c == 1:
            bold = True
        elif c == 4:
            underline = True
        elif c in (38, 48) and i + 4 < len(codes) and codes[i + 1] == 2:
            colour = '#%02x%02x%02x' % tuple(codes[i + 2:i + 5])
            i += 4
            if c == 38:
                fg = colour
            else:
                bg = colour
        elif c == 39:
            fg = FG
        elif c == 49:
            bg = BG
        i += 1
out.append(span(text[pos:]))
print(f'<html><body style="margin:0;background:{BG}"><pre style="margin:0;padding:8px;'
      'font:15px/1.25 DejaVu Sans Mono,monospace">' + ''.join(out) + '</pre></body></html>')
