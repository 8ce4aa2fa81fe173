"""Check a revpack .eml with Python's own email package (policy.default).

    python3 tests/eml.py FILE.eml WORKBOOK.xlsx SUBJECT TO [FILENAME]

Exits 1 naming the first thing that is wrong: the headers must decode to
SUBJECT and TO, the body must have a plain and an HTML part, and the one
attachment must be WORKBOOK's bytes under FILENAME (default: WORKBOOK's
own name).  Standard library only.
"""
import email
import email.policy
import os
import sys


def main(argv):
    path, xlsx, subject, to = argv[1:5]
    filename = argv[5] if len(argv) > 5 else os.path.basename(xlsx)
    with open(path, "rb") as f:
        raw = f.read()
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    problems = []
    if msg["Subject"] != subject:
        problems.append(f"subject {msg['Subject']!r}, want {subject!r}")
    if str(msg["To"]) != to:
        problems.append(f"to {str(msg['To'])!r}, want {to!r}")
    for h in ("From", "Date", "Message-ID", "MIME-Version"):
        if msg[h] is None:
            problems.append(f"no {h}")
    if msg.get_content_type() != "multipart/mixed":
        problems.append(f"top part {msg.get_content_type()}")
    plain = msg.get_body(preferencelist=("plain",))
    html = msg.get_body(preferencelist=("html",))
    if plain is None or "SLA" not in plain.get_content():
        problems.append("no plain text body with the scorecard")
    if html is None or "<table" not in html.get_content():
        problems.append("no HTML body with the scorecard")
    atts = list(msg.iter_attachments())
    if len(atts) != 1:
        problems.append(f"{len(atts)} attachments, want 1")
    else:
        a = atts[0]
        with open(xlsx, "rb") as f:
            want = f.read()
        if a.get_filename() != filename:
            problems.append(f"file name {a.get_filename()!r}, want {filename!r}")
        if a.get_content_type() != ("application/vnd.openxmlformats-"
                                    "officedocument.spreadsheetml.sheet"):
            problems.append(f"attachment type {a.get_content_type()}")
        if a.get_content() != want:
            problems.append("attachment bytes differ from the workbook")
    if b"\r\n" not in raw or b"\n" in raw.replace(b"\r\n", b""):
        problems.append("line ends are not all CRLF")
    if problems:
        print(f"{path}: " + "; ".join(problems))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
