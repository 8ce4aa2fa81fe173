"""Write the rows of one team of a canonical data folder into another
folder, as SPEC 5.2 defines a burst key's data: the team's leads, their
activities, the opportunities linked to them (either direction), and the
opportunities linked to no lead whose own team is the key.  Standard
library only.

    python3 tests/burst_filter.py DATA TEAM OUT
"""
import csv
import os
import sys


def read(path):
    if not os.path.exists(path):
        return None, []
    with open(path, newline="", encoding="utf-8") as f:
        r = csv.reader(f)
        head = next(r)
        return head, [dict(zip(head, row)) for row in r]


def write(path, head, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(head)
        for row in rows:
            w.writerow([row.get(h, "") for h in head])


def main(data, team, out):
    lh, leads = read(os.path.join(data, "leads.csv"))
    oh, opps = read(os.path.join(data, "opportunities.csv"))
    ah, acts = read(os.path.join(data, "activities.csv"))
    key = lambda v: v if v else "(none)"
    ids = {l["lead_id"] for l in leads}
    mine = {l["lead_id"] for l in leads if key(l.get("team", "")) == team}
    named = {}
    for l in leads:
        if l.get("opportunity_id"):
            named.setdefault(l["opportunity_id"], set()).add(l["lead_id"])
    keep = []
    for o in opps:
        links = set(named.get(o["opportunity_id"], set()))
        if o.get("lead_id") in ids:
            links.add(o["lead_id"])
        if links & mine or (not links and key(o.get("team", "")) == team):
            keep.append(o)
    os.makedirs(out, exist_ok=True)
    write(os.path.join(out, "leads.csv"), lh,
          [l for l in leads if l["lead_id"] in mine])
    write(os.path.join(out, "opportunities.csv"), oh, keep)
    if ah:
        write(os.path.join(out, "activities.csv"), ah,
              [a for a in acts if a["lead_id"] in mine])


if __name__ == "__main__":
    main(*sys.argv[1:4])
