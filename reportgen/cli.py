"""Command line: write a corpus of generated reports with their ground truth.

    python -m reportgen --seed 7 --count 1000 --out /tmp/corpus
    python -m reportgen --seed 7 --count 50 --out /tmp/c --layouts html,pipe --clean
    python -m reportgen --seed 7 --count 50 --out /tmp/c --noise placeholder,unit_diacritic

Writes NNNN.txt (UTF-8) and NNNN.truth.json for each report, and corpus.json (the
options). The same seed and options give the same files byte for byte.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from reportgen.render import LAYOUTS, OPT_IN_LAYOUTS
from reportgen.report import Options, generate, plan_corpus
from reportgen.tables import NOISE_KINDS, TABLE_KINDS, NoiseConfig


def _list(text: str | None, allowed: tuple[str, ...], what: str) -> tuple[str, ...]:
    if not text:
        return allowed
    items = tuple(x.strip() for x in text.split(",") if x.strip())
    bad = [x for x in items if x not in allowed]
    if bad:
        raise SystemExit(f"unknown {what}: {', '.join(bad)} (known: {', '.join(allowed)})")
    return items


def options_from(
    layouts: str | None = None,
    kinds: str | None = None,
    noise: str | None = None,
    clean: bool = False,
    noise_rate: float = 1.0,
) -> Options:
    noise_kinds = () if clean else _list(noise, NOISE_KINDS, "noise kinds")
    return Options(
        layouts=_list(layouts, LAYOUTS + OPT_IN_LAYOUTS, "layouts") if layouts else LAYOUTS,
        kinds=_list(kinds, TABLE_KINDS, "table kinds"),
        noise=NoiseConfig(frozenset(noise_kinds), 0.0 if clean else noise_rate),
    )


def write_corpus(out: Path, seed: int, count: int, options: Options) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    width = max(4, len(str(count - 1)))
    paths = []
    for plan in plan_corpus(seed, count, options):
        text, truth = generate(plan, options)
        name = f"{plan.index:0{width}d}"
        truth["file"] = f"{name}.txt"
        (out / f"{name}.txt").write_bytes(text.encode("utf-8"))
        (out / f"{name}.truth.json").write_text(
            json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        paths.append(out / f"{name}.txt")
    manifest = {
        "seed": seed,
        "count": count,
        "layouts": list(options.layouts),
        "kinds": list(options.kinds),
        "noise_kinds": sorted(options.noise.kinds),
        "noise_rate": options.noise.rate,
    }
    (out / "corpus.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m reportgen", description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument(
        "--layouts", help=f"comma-separated subset of {','.join(LAYOUTS + OPT_IN_LAYOUTS)}"
    )
    ap.add_argument("--kinds", help=f"comma-separated subset of {','.join(TABLE_KINDS)}")
    ap.add_argument("--noise", help=f"comma-separated subset of {','.join(NOISE_KINDS)}")
    ap.add_argument("--noise-rate", type=float, default=1.0, help="scales every noise probability")
    ap.add_argument("--clean", action="store_true", help="no noise, no page breaks")
    args = ap.parse_args(argv)
    options = options_from(args.layouts, args.kinds, args.noise, args.clean, args.noise_rate)
    paths = write_corpus(args.out, args.seed, args.count, options)
    print(f"{len(paths)} reports with ground truth in {args.out}", file=sys.stderr)
    return 0
