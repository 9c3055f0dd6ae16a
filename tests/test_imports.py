"""No import cycles between the project's modules, counting imports inside functions.

An import inside a function hides a cycle from Python's start-up, it does not remove it: the
two modules still need each other. The test reads every module of ``gazetteer/`` and ``geo/``
with :mod:`ast` (nothing is imported), draws an edge for each ``import``/``from … import`` and
``importlib.import_module("…")`` wherever it stands, and fails on any strongly connected
component of more than one module.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("gazetteer", "geo")
#: cycles known and being removed elsewhere, as sorted tuples of module names
KNOWN_CYCLES: set[tuple[str, ...]] = set()


def _modules() -> dict[str, Path]:
    mods = {}
    for pkg in PACKAGES:
        for path in sorted((ROOT / pkg).rglob("*.py")):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            mods[name.removesuffix(".__init__")] = path
    return mods


def _imported(node: ast.AST, package: str) -> list[str]:
    """Dotted names an AST node imports (relative imports resolved against ``package``)."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    if isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:
            parts = package.split(".")
            parts = parts[: len(parts) - (node.level - 1)]
            base = ".".join(parts + ([base] if base else []))
        return [base] + [f"{base}.{a.name}" for a in node.names]
    if isinstance(node, ast.Call) and isinstance(node.func, (ast.Attribute, ast.Name)):
        fname = node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id
        if fname == "import_module" and node.args and isinstance(node.args[0], ast.Constant) \
                and isinstance(node.args[0].value, str):
            return [node.args[0].value]
    return []


def import_graph() -> dict[str, set[str]]:
    """Module -> the project modules it imports (packages' ``__init__`` excluded as targets,
    since ``from gazetteer.x import y`` names the package only to reach ``x``)."""
    mods = _modules()

    def target(name: str) -> str | None:
        while name and name not in mods:
            name = name.rpartition(".")[0]
        return name or None

    edges: dict[str, set[str]] = {m: set() for m in mods}
    for m, path in mods.items():
        package = m if path.name == "__init__.py" else m.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            for name in _imported(node, package):
                t = target(name)
                if t and t != m and not m.startswith(t + ".") and t not in PACKAGES:
                    edges[m].add(t)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[tuple[str, ...]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[tuple[str, ...]] = []
    counter = 0
    for root in edges:
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on.add(root)
        while work:
            v, it = work[-1]
            w = next(it, None)
            if w is not None:
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(edges[w]))))
                elif w in on:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                if len(comp) > 1:
                    out.append(tuple(sorted(comp)))
    return out


def test_no_import_cycles():
    found = [c for c in cycles(import_graph()) if c not in KNOWN_CYCLES]
    assert not found, "import cycles: " + "; ".join(" <-> ".join(c) for c in found)


def test_the_walk_sees_imports_inside_functions():
    edges = import_graph()
    assert len(edges) > 30
    # gazetteer/resolve.py imports the geoparser inside Gazetteer.extract (start-up speed)
    assert "gazetteer.extract" in edges["gazetteer.resolve"]
    # geo/cli/__init__.py reaches its commands through importlib.import_module(COMMANDS[…])
    # (not a constant: no edge), and the commands import the library at module level
    assert "geo.io" in edges["geo.cli.extract"]


def test_cycle_finder_finds_a_cycle_through_three_modules():
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(edges) == [("a", "b", "c")]


def test_gazetteer_never_imports_geo():
    edges = import_graph()
    bad = [(m, t) for m, ts in edges.items() if m.startswith("gazetteer")
           for t in ts if t.split(".")[0] == "geo"]
    assert not bad
