#!/usr/bin/env python3
"""Read an .xlsx back with the standard library only (it is a zip of XML),
for the end-to-end tests.

  xlsx.py FILE sheets              sheet names, one per line, in order
  xlsx.py FILE cell SHEET REF      the cell's value as stored (number or text)
  xlsx.py FILE format SHEET REF    the cell's number format code
  xlsx.py FILE find SHEET TEXT     REF of the first cell whose text is TEXT
  xlsx.py FILE right SHEET TEXT N  the value N cells right of that cell
  xlsx.py FILE longest SHEET        the most characters any cell holds
  xlsx.py FILE contains SHEET TEXT  REF of the first cell whose text holds TEXT
  xlsx.py FILE has SHEET WHAT      exit 0 if the sheet has WHAT: freeze,
                                   autofilter, condformat, drawing
  xlsx.py FILE check               exit 1 with a message on an external link,
                                   a macro or a formula-free broken part
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
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
