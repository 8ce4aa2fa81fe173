#!/usr/bin/env python3
"""Read an .xlsx back with the standard library only (it is a zip of XML),
for the end-to-end tests.

  xlsx.py FILE sheets              sheet names, one per line, in order
  xlsx.py FILE cell SHEET REF      the cell's value as stored (number or text)
  xlsx.py FILE format SHEET REF    the cell's number format code
  xlsx.py FILE find SHEET TEXT     REF of the first cell whose text is TEXT
  xlsx.py FILE right SHEET TEXT N  the value N cells right of that cell
  xlsx.py FILE count SHEET TEXT    how many cells' text is TEXT
  xlsx.py FILE longest SHEET        the most characters any cell holds
  xlsx.py FILE contains SHEET TEXT  REF of the first cell whose text holds TEXT
  xlsx.py FILE has SHEET WHAT      exit 0 if the sheet has WHAT: freeze,
                                   autofilter, condformat, drawing
  xlsx.py FILE layout [LISTS]      exit 1 naming every layout fault: a
                                   value under no heading, a number under a
                                   heading not right-aligned, text that
                                   does not fit its column and neither
                                   wraps nor has room (the next cell
                                   holds something), overlapping
                                   <col> ranges, a cell over 32,767
                                   characters, a sheet that prints below 70%
                                   (landscape A4, one page wide), a sheet of
                                   LISTS (comma names) without print titles
  xlsx.py FILE check               exit 1 with a message on an external link,
                                   a macro or a formula-free broken part
  xlsx.py FILE fastest             exit 1 naming each deflated part whose
                                   zip entry is not marked as deflated at
                                   zlib's fastest level (flag bits 1-2 set)
"""
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
BUILTIN = {0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00",
           9: "0%", 10: "0.00%", 14: "m/d/yyyy", 22: "m/d/yyyy h:mm"}


class Book:
    def __init__(self, path):
        self.z = zipfile.ZipFile(path)
        wb = ET.fromstring(self.z.read("xl/workbook.xml"))
        rels = ET.fromstring(self.z.read("xl/_rels/workbook.xml.rels"))
        target = {r.get("Id"): r.get("Target") for r in rels}
        self.sheets = []
        for s in wb.find("m:sheets", NS):
            self.sheets.append((s.get("name"), "xl/" + target[s.get(REL)]))
        self.shared = []
        if "xl/sharedStrings.xml" in self.z.namelist():
            sst = ET.fromstring(self.z.read("xl/sharedStrings.xml"))
            for si in sst.findall("m:si", NS):
                self.shared.append("".join(t.text or "" for t in si.iter(
                    "{%s}t" % NS["m"])))
        st = ET.fromstring(self.z.read("xl/styles.xml"))
        fills = st.find("m:fills", NS)
        self.fill_rgb = []
        for f in fills:
            fg = f.find(".//m:fgColor", NS)
            self.fill_rgb.append(fg.get("rgb") if fg is not None else None)
        self.xf_fill, self.xf_align, self.xf_wrap = [], [], []
        for xf in st.find("m:cellXfs", NS):
            self.xf_fill.append(self.fill_rgb[int(xf.get("fillId", 0))])
            al = xf.find("m:alignment", NS)
            self.xf_align.append(al.get("horizontal") if al is not None
                                 else None)
            self.xf_wrap.append(al is not None and al.get("wrapText") == "1")
        fmts = {int(n.get("numFmtId")): n.get("formatCode")
                for n in st.iter("{%s}numFmt" % NS["m"])}
        self.xf = []
        for xf in st.find("m:cellXfs", NS):
            fid = int(xf.get("numFmtId", 0))
            self.xf.append(fmts.get(fid, BUILTIN.get(fid, str(fid))))

    def sheet_xml(self, name):
        for n, p in self.sheets:
            if n == name:
                return ET.fromstring(self.z.read(p)), p
        sys.exit("no sheet %r" % name)

    def cells(self, name):
        root, _ = self.sheet_xml(name)
        for c in root.iter("{%s}c" % NS["m"]):
            t = c.get("t")
            v = c.find("m:v", NS)
            if t == "inlineStr":
                val = "".join(x.text or "" for x in c.iter("{%s}t" % NS["m"]))
            elif t == "s":
                val = self.shared[int(v.text)]
            elif v is not None:
                val = v.text
            else:
                val = ""
            yield c.get("r"), val, int(c.get("s", 0))


def split(ref):
    m = re.match(r"([A-Z]+)(\d+)$", ref)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return col, int(m.group(2))


def join(col, row):
    s = ""
    while col:
        col, r = divmod(col - 1, 26)
        s = chr(65 + r) + s
    return "%s%d" % (s, row)


def main(argv):
    b = Book(argv[1])
    cmd = argv[2]
    if cmd == "sheets":
        print("\n".join(n for n, _ in b.sheets))
    elif cmd in ("cell", "format"):
        for ref, val, s in b.cells(argv[3]):
            if ref == argv[4]:
                print(val if cmd == "cell" else b.xf[s])
                return 0
        return 1
    elif cmd in ("find", "right"):
        cells = {ref: (val, s) for ref, val, s in b.cells(argv[3])}
        for ref, val, s in b.cells(argv[3]):
            if val == argv[4]:
                if cmd == "find":
                    print(ref)
                    return 0
                col, row = split(ref)
                val2, s2 = cells.get(join(col + int(argv[5]), row), ("", 0))
                print(val2)
                return 0
        return 1
    elif cmd == "count":
        print(sum(val == argv[4] for _, val, _ in b.cells(argv[3])))
    elif cmd == "longest":
        print(max((len(val) for _, val, _ in b.cells(argv[3])), default=0))
    elif cmd == "contains":
        for ref, val, s in b.cells(argv[3]):
            if argv[4] in val:
                print(ref)
                return 0
        return 1
    elif cmd == "has":
        root, path = b.sheet_xml(argv[3])
        tag = {"freeze": "pane", "autofilter": "autoFilter",
               "condformat": "conditionalFormatting",
               "drawing": "drawing"}[argv[4]]
        return 0 if root.find(".//m:" + tag, NS) is not None else 1
    elif cmd == "layout":
        lists = set(argv[3].split(",")) if len(argv) > 3 else set()
        wbx = ET.fromstring(b.z.read("xl/workbook.xml"))
        titles = {}
        for dn in wbx.iter("{%s}definedName" % NS["m"]):
            if dn.get("name") == "_xlnm.Print_Titles":
                titles[int(dn.get("localSheetId"))] = dn.text
        bad = []
        for i, (name, path) in enumerate(b.sheets):
            root = ET.fromstring(b.z.read(path))
            # <col> ranges: none overlaps another
            spans = sorted((int(c.get("min")), int(c.get("max")),
                            float(c.get("width", 8.43)))
                           for c in root.iter("{%s}col" % NS["m"]))
            for (a0, a1, _), (b0, b1, _) in zip(spans, spans[1:]):
                if b0 <= a1:
                    bad.append("%s: <col> %d-%d overlaps %d-%d"
                               % (name, a0, a1, b0, b1))
            width = {}
            for c0, c1, wd in spans:
                for c in range(c0, c1 + 1):
                    width[c] = wd
            rows = {}
            for ref, val, st in b.cells(name):
                col, row = split(ref)
                rows.setdefault(row, {})[col] = (val, st)
                if len(val) > 32767:
                    bad.append("%s!%s: %d characters" % (name, ref, len(val)))
            # text cut off: wider than its column (a wide character is
            # two), not wrapped, not merged, and the next cell not empty
            merged = set()
            for mc in root.iter("{%s}mergeCell" % NS["m"]):
                a, z = mc.get("ref").split(":")
                (ac, ar), (zc, zr) = split(a), split(z)
                merged.update((c, r) for c in range(ac, zc + 1)
                              for r in range(ar, zr + 1))
            for r, cells in rows.items():
                for c, (val, st) in cells.items():
                    if (b.xf[st] not in ("General", "@") or b.xf_wrap[st]
                            or (c, r) in merged
                            or cells.get(c + 1, ("",))[0] == ""):
                        continue
                    chars = sum(2 if ord(ch) > 0x2E80 else 1 for ch in val)
                    if chars > width.get(c, 8.43) * 1.15:
                        bad.append("%s!%s: '%s' is cut off (%d characters "
                                   "in a column %.0f wide)"
                                   % (name, join(c, r), val[:30], chars,
                                      width.get(c, 8.43)))
            # print: one page wide at 70% or more (A4 landscape, margins),
            # over every used column and every chart's right edge
            last = max((c for r in rows.values() for c in r), default=1)
            rels = path.replace("worksheets/", "worksheets/_rels/") + ".rels"
            if rels in b.z.namelist():
                for rel in ET.fromstring(b.z.read(rels)):
                    if rel.get("Type", "").endswith("/drawing"):
                        dr = "xl/drawings/" + rel.get("Target").split("/")[-1]
                        xdr = ("http://schemas.openxmlformats.org/"
                               "drawingml/2006/spreadsheetDrawing")
                        for to in ET.fromstring(b.z.read(dr)).iter(
                                "{%s}to" % xdr):
                            last = max(last, int(to.find(
                                "{%s}col" % xdr).text) + 1)
            px = sum(int(width.get(c, 8.43) * 7 + 5) for c in range(1, last + 1))
            margins = root.find("m:pageMargins", NS)
            lr = (float(margins.get("left")) + float(margins.get("right"))
                  if margins is not None else 1.4)
            printable = (11.69 - lr) * 72
            scale = min(1.0, printable / (px * 0.75))
            if scale < 0.7:
                bad.append("%s: prints at %.0f%%" % (name, scale * 100))
            ps = root.find("m:sheetPr/m:pageSetUpPr", NS)
            if ps is None or ps.get("fitToPage") != "1":
                bad.append("%s: not fit to page width" % name)
            if name in lists and i not in titles:
                bad.append("%s: no print titles" % name)
            # a heading row (blue fill) and the rows under it, to a blank
            # row: every value has a heading, a number's is right-aligned
            head, prev = None, None
            for r in sorted(rows):
                cells = rows[r]
                if prev is None or r != prev + 1:
                    head = None     # a blank row ends a table
                prev = r
                if any(b.xf_fill[s] == "FFDDEBF7" for _, s in cells.values()):
                    head = (r, cells)
                    continue
                if head is None:
                    continue
                for c, (val, st) in cells.items():
                    if val == "":
                        continue
                    hv = head[1].get(c)
                    if hv is None or hv[0] == "":
                        bad.append("%s: column %s row %d: '%s' has no heading"
                                   % (name, join(c, r), r, val[:20]))
                    elif (b.xf[st] not in ("General", "@")
                          and b.xf_align[hv[1]] != "right"):
                        bad.append("%s!%s: heading '%s' over a number is "
                                   "not right-aligned"
                                   % (name, join(c, head[0]), hv[0]))
        for line in dict.fromkeys(bad):     # each fault once, in order
            print(line)
        return 1 if bad else 0
    elif cmd == "check":
        names = b.z.namelist()
        bad = [n for n in names if "externalLink" in n or n.endswith(".bin")
               or "vbaProject" in n]
        if bad:
            print("unexpected parts: %s" % bad)
            return 1
        for n in names:
            if n.endswith(".xml") or n.endswith(".rels"):
                ET.fromstring(b.z.read(n))   # every part parses
    elif cmd == "fastest":
        bad = [i.filename for i in b.z.infolist()
               if i.compress_type == zipfile.ZIP_DEFLATED
               and i.flag_bits & 6 != 6]
        for n in bad:
            print("%s: not deflated at the fastest level" % n)
        return 1 if bad else 0
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
