"""The layering docs/architecture.md draws, checked on the source: imports, settings, sizes.

Static checks (the `ast` of every module, nothing imported), so a violation names the file
and the line to change.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGES = ("ingest", "orchestration", "reportgen")
MAX_LINES = 400
# A module over MAX_LINES says why in its docstring, in a sentence naming the limit
# ("… is longer than 400 lines because …").
LONG_MODULE_MARK = re.compile(rf"\b{MAX_LINES} lines\b")
# Layers, lowest first: a module may import its own layer and the ones below it.
LAYERS = (
    ("ingest", ("ingest",)),
    ("reportgen", ("reportgen",)),  # generates reports; reads ingest's province list
    (
        "orchestration library",
        (
            "orchestration.domain",
            "orchestration.errors",
            "orchestration.runlock",
            "orchestration.publish",
            "orchestration.quality",
        ),
    ),
    ("dagster definitions", ("orchestration.defs",)),
    (
        "entry points",
        (
            "orchestration.definitions",
            "orchestration.local_run",
            "orchestration.__main__",
            "orchestration",
        ),
    ),
)


@dataclass(frozen=True)
class Module:
    name: str
    path: Path
    tree: ast.Module

    @property
    def lines(self) -> int:
        return len(self.path.read_text(encoding="utf-8").splitlines())


def _modules() -> dict[str, Module]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = Module(name, path, ast.parse(path.read_text(encoding="utf-8")))
    return found


MODULES = _modules()


def _absolute(module: Module, name: str | None, level: int) -> str:
    """The absolute name of `from <level dots><name> import …` inside `module`."""
    if level == 0:
        return name or ""
    package = module.name.split(".")
    if module.path.name != "__init__.py":
        package = package[:-1]
    base = package[: len(package) - (level - 1)]
    return ".".join([*base, name] if name else base)


def _imports(module: Module) -> set[str]:
    """Project modules `module` imports, anywhere in it (also inside functions)."""
    targets = set()
    for node in ast.walk(module.tree):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(module, node.module, node.level)
            names = [base, *(f"{base}.{a.name}" for a in node.names)]
        for name in names:
            while name and name not in MODULES:
                name = name.rpartition(".")[0]
            if name and name != module.name:
                targets.add(name)
    return targets


def _layer(name: str) -> int:
    best, depth = -1, -1
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (name == prefix or name.startswith(prefix + ".")) and len(prefix) > depth:
                best, depth = index, len(prefix)
    assert best >= 0, f"{name} is in no layer of LAYERS"
    return best


def test_no_module_imports_a_layer_above_its_own():
    upward = [
        f"{m.name} ({LAYERS[_layer(m.name)][0]}) imports {t} ({LAYERS[_layer(t)][0]})"
        for m in MODULES.values()
        for t in sorted(_imports(m))
        if _layer(t) > _layer(m.name)
    ]
    assert upward == []


def test_the_import_graph_has_no_cycles():
    graph = {name: _imports(m) for name, m in MODULES.items()}
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    cycles = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join([*path[path.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_only_the_settings_module_reads_the_environment():
    readers = []
    for m in MODULES.values():
        if m.name == "ingest.settings":
            continue
        for node in ast.walk(m.tree):
            # a variable's name as a string: what os.environ/getenv is given
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and re.fullmatch(r"BAOCAO_[A-Z_]+", node.value)
            ):
                readers.append(f"{m.path.relative_to(ROOT)}:{node.lineno} {node.value}")
    assert readers == []


@pytest.mark.parametrize("name", sorted(n for n, m in MODULES.items() if m.lines > MAX_LINES))
def test_a_long_module_says_why_it_is_one_module(name):
    docstring = ast.get_docstring(MODULES[name].tree) or ""
    assert LONG_MODULE_MARK.search(docstring), (
        f"{MODULES[name].path.relative_to(ROOT)} has {MODULES[name].lines} lines: split it, "
        f"or say in its docstring why it is longer than {MAX_LINES} lines"
    )


def test_the_readme_lists_every_variable_the_settings_read():
    from ingest import settings

    read = {v for k, v in vars(settings).items() if k.endswith("_VAR")}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `(BAOCAO_[A-Z_]+)` \|", readme, flags=re.M))
    assert listed == read
