"""python -m tools.site [--hub URL] [--out DIR]: build the site, print its size and the address
to open it at (`make site` does this; `make site-serve` serves it on 127.0.0.1)."""

from __future__ import annotations

import argparse
from pathlib import Path

from tools.site import build, catalogue


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.site", description=__doc__)
    parser.add_argument("--hub", default=catalogue.DEFAULT_HUB,
                        help="the JupyterHub the launch buttons' nbgitpuller links go to")
    parser.add_argument("--out", type=Path, default=build.ROOT / "build" / "site")
    parser.add_argument("--port", type=int, default=8000, help="the port the address names")
    args = parser.parse_args(argv)
    report = build.build(args.out, hub=args.hub)
    for entry in report["explorers"]:
        print(f"  {entry['page']} {entry['explorer']} ({entry['factory']}): {entry['frames']} "
              f"frames, {entry['frames_kB'] / 1024:.2f} MB + data {entry['data_kB']:.0f} kB")
    largest = max(report["pages"].items(), key=lambda item: item[1])
    print(f"site: {len(report['pages'])} pages, {report['total_MB']} MB in all (budget "
          f"{report['budget_MB']} MB); largest first load {largest[0]} "
          f"{largest[1] / 1024:.2f} MB (budget {report['page_budget_MB']} MB); built in "
          f"{report['seconds']} s (explorers {report['frames_seconds']} s)")
    if report["unused_terms"]:
        print(f"glossary terms no page uses (left out): {', '.join(report['unused_terms'])}")
    print(f"Open it: python -m http.server --bind 127.0.0.1 --directory {args.out} {args.port}"
          f"   then http://127.0.0.1:{args.port}/   (or: make site-serve)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
