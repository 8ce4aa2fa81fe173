"""Move every date of CSV text by whole years: shift_years.py DY SRC DST.

SRC and DST are files, or folders of files.  A year is four digits, from
1900, before '-MM' (a date) or 'Q' (a quarter key).  Between 1901 and
2099 a multiple of 28 years keeps every weekday and leap day, so figures
of the moved data are the same figures (e2e: instants outside rp_at's
1932-2068, in the model's far table).
"""
import os
import re
import sys

YEAR = re.compile(r'(?<![0-9])((?:19|2[0-9])[0-9][0-9])(?=-[0-9][0-9]|Q[1-4])')


def shift(text, dy):
    return YEAR.sub(lambda m: str(int(m.group(1)) + dy), text)


def main():
    dy, src, dst = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    pairs = [(src, dst)]
    if os.path.isdir(src):
        os.makedirs(dst, exist_ok=True)
        pairs = [(os.path.join(src, f), os.path.join(dst, f))
                 for f in sorted(os.listdir(src))]
    for a, b in pairs:
        with open(a, encoding='utf-8', newline='') as f:
            text = f.read()
        with open(b, 'w', encoding='utf-8', newline='') as f:
            f.write(shift(text, dy))


main()
