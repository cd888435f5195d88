"""Generated Vietnamese provincial reports with ground truth, for accuracy benchmarks.

    from reportgen import plan_corpus, generate
    for plan in plan_corpus(seed=7, count=10):
        text, truth = generate(plan)

The command line (`python -m reportgen --seed 7 --count 1000 --out DIR`) is in
`reportgen.cli`; the truth JSON is described in `reportgen.report`.
"""

from reportgen.render import LAYOUTS
from reportgen.report import Options, ReportPlan, clean_options, generate, plan_corpus
from reportgen.tables import NOISE_KINDS, TABLE_KINDS, NoiseConfig

__all__ = [
    "LAYOUTS",
    "NOISE_KINDS",
    "TABLE_KINDS",
    "NoiseConfig",
    "Options",
    "ReportPlan",
    "clean_options",
    "generate",
    "plan_corpus",
]
