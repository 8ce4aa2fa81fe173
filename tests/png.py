#!/usr/bin/env python3
"""PNG facts with the standard library only, for the end-to-end tests.

  png.py FILE           prints "WIDTH HEIGHT COLOURS" where COLOURS is the
                        number of distinct pixel values in a sample of rows
                        (1 means a blank image)
  png.py FILE has RGB   exit 0 if some pixel has colour RGB (hex RRGGBB,
                        each channel within 3), 1 if none does
"""
import struct
import sys
import zlib


def read(path):
    """(width, height, bytes per pixel, rows of unfiltered bytes)"""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit("not a PNG")
    pos, idat = 8, b""
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    bpp = {2: 3, 6: 4, 0: 1, 4: 2}.get(ctype, 4) * depth // 8
    stride = w * bpp
    rows, prev = [], bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]
        cur = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = cur[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                cur[i] = (cur[i] + a) & 255
            elif f == 2:
                cur[i] = (cur[i] + b) & 255
            elif f == 3:
                cur[i] = (cur[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else b if pb <= pc else c
                cur[i] = (cur[i] + pr) & 255
        rows.append(cur)
        prev = cur
    return w, h, bpp, rows


def main(argv):
    w, h, bpp, rows = read(argv[1])
    if len(argv) > 3 and argv[2] == "has":
        want = bytes.fromhex(argv[3])
        for row in rows:
            for x in range(0, len(row) - 2, bpp):
                if all(abs(row[x + k] - want[k]) <= 3 for k in range(3)):
                    return 0
        return 1
    colours = set()
    for y in range(0, h, max(1, h // 50)):
        for x in range(0, len(rows[y]), bpp * 7):
            colours.add(bytes(rows[y][x:x + bpp]))
    print(w, h, len(colours))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
