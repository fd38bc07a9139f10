"""TMX import memory and speed: a large generated TMX (units with inline codes,
two French variants each) streamed into a project's memory, against a peer in the
same run: lxml parsing the same file as one tree (what a non-streamed reader does).

    .venv/bin/python benchmarks/bench_tmx_import.py [--mb 500] [--peer-mb 50] [--keep DIR]

Each measurement runs in its own process; peak RSS is that process's
ru_maxrss. Prints size, units, seconds, units/s and peak RSS for each, and the
mean time of a `tm search` on the imported memory.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SEGS = [
    ("The big <bpt i=\"1\" x=\"1\" type=\"bold\">{\\b </bpt>black<ept i=\"1\">}</ept> cat sleeps {n}.",
     "Le gros chat <bpt i=\"1\" x=\"1\" type=\"bold\">{\\b </bpt>noir<ept i=\"1\">}</ept> dort {n}.",
     "Le grand chat <bpt i=\"1\" x=\"1\" type=\"bold\">{\\b </bpt>noir<ept i=\"1\">}</ept> dort {n}."),
    ("Picture {n}: <ph x=\"1\" type=\"image\">&lt;img src=\"img{n}.png\"/&gt;</ph> shows the plant.",
     "Image {n} : <ph x=\"1\" type=\"image\">&lt;img src=\"img{n}.png\"/&gt;</ph> montre l'usine.",
     "Illustration {n} : <ph x=\"1\" type=\"image\">&lt;img src=\"img{n}.png\"/&gt;</ph> montre l'usine."),
    ("Belarus and China signed {n} agreements on industrial cooperation in the Great Stone park.",
     "La Biélorussie et la Chine ont signé {n} accords de coopération industrielle au parc Great Stone.",
     "Le Bélarus et la Chine ont signé {n} accords de coopération industrielle dans le parc Great Stone."),
]


def generate(path: Path, mb: int) -> int:
    """A TMX 1.4 file of about `mb` megabytes; returns its number of units."""
    limit = mb * 1024 * 1024
    n = 0
    with open(path, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n<header creationtool="bench" '
                'creationtoolversion="1" segtype="sentence" o-tmf="bench" adminlang="en-US" srclang="en-US" '
                'datatype="rtf"/>\n<body>\n')
        while f.tell() < limit:
            chunk = []
            for _ in range(1000):
                src, fr1, fr2 = (s.replace("{n}", str(n)) for s in SEGS[n % len(SEGS)])
                chunk.append(f'<tu tuid="{n}"><prop type="x-n">{n}</prop>'
                             f'<tuv xml:lang="en-US"><seg>{src}</seg></tuv>'
                             f'<tuv xml:lang="fr-FR"><seg>{fr1}</seg></tuv>'
                             f'<tuv xml:lang="fr-CA"><seg>{fr2}</seg></tuv></tu>\n')
                n += 1
            f.write("".join(chunk))
        f.write("</body>\n</tmx>\n")
    return n


CHILD_IMPORT = """
import json, resource, sys, time
from pathlib import Path
from workbench.store import Store
from workbench.tm import import_tmx
project, tmx = Path(sys.argv[1]), sys.argv[2]
t = time.perf_counter()
with Store.open(project) as store:
    stats, new = import_tmx(store, tmx)
    seconds = time.perf_counter() - t
    from workbench.tm import search
    t = time.perf_counter()
    queries = ["The big black cat sleeps 12345.", "Picture 777: shows the plant", "Belarus and China signed agreements"]
    hits = [search(store, q) for q in queries]
    search_ms = (time.perf_counter() - t) / len(queries) * 1000
print(json.dumps({"seconds": seconds, "units": stats.units, "entries": stats.entries, "new": new,
                  "search_ms": search_ms, "best": [h[0].score if h else 0 for h in hits],
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

CHILD_PEER = """
import json, resource, sys, time
from lxml import etree
t = time.perf_counter()
root = etree.parse(sys.argv[1], etree.XMLParser(resolve_entities=False, huge_tree=True)).getroot()
n = sum(1 for _ in root.iter("tu"))
print(json.dumps({"seconds": time.perf_counter() - t, "units": n,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(code: str, *args: str) -> dict:
    p = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)
    if p.returncode:
        raise SystemExit(p.stderr.strip().splitlines()[-1] if p.stderr.strip() else f"exit {p.returncode}")
    return json.loads(p.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=int, default=500, help="size of the imported file (default 500)")
    ap.add_argument("--peer-mb", type=int, default=50, help="size of the file the one-tree peer parses")
    ap.add_argument("--keep", metavar="DIR", help="work in DIR and keep the files")
    args = ap.parse_args()
    work = Path(args.keep or tempfile.mkdtemp(prefix="bench_tmx_import_"))
    work.mkdir(parents=True, exist_ok=True)
    big, small = work / "big.tmx", work / "small.tmx"
    t = time.perf_counter()
    n_big = generate(big, args.mb)
    n_small = generate(small, args.peer_mb)
    print(f"generated {big.stat().st_size / 2**20:.0f} MB ({n_big} units) and "
          f"{small.stat().st_size / 2**20:.0f} MB ({n_small} units) in {time.perf_counter() - t:.0f} s")
    for name, tmx, _n in (("small", small, n_small), ("big", big, n_big)):
        project = work / f"project_{name}"
        (project / ".workbench").mkdir(parents=True, exist_ok=True)
        r = run(CHILD_IMPORT, str(project), str(tmx))
        print(f"workbench import tmx  {tmx.stat().st_size / 2**20:6.0f} MB  {r['units']:>9} units  "
              f"{r['entries']:>9} entries  {r['seconds']:7.1f} s  {r['units'] / r['seconds']:8.0f} units/s  "
              f"peak RSS {r['rss_mb']:6.0f} MB; tm search {r['search_ms']:.0f} ms (best scores {r['best']})")
    r = run(CHILD_PEER, str(small))
    print(f"peer: lxml one tree   {small.stat().st_size / 2**20:6.0f} MB  {r['units']:>9} units  "
          f"{'':>17}  {r['seconds']:7.1f} s  {r['units'] / r['seconds']:8.0f} units/s  "
          f"peak RSS {r['rss_mb']:6.0f} MB")
    if not args.keep:
        for p in sorted(work.rglob("*"), key=lambda p: -len(p.parts)):
            p.unlink() if p.is_file() else p.rmdir()
        work.rmdir()


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
