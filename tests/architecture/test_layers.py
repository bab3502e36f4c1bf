"""The architecture as tests: no cycles between the packages of ``service/``, a domain core
that imports no transport, and a lower layer that never imports an upper one."""
from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

SERVICE = Path(__file__).resolve().parents[2] / "service"
#: packages (and top-level modules) that make up the domain core: no grpc, no protobuf,
#: no metrics or tracing clients
CORE = ("domain", "lexicon", "text", "image", "credentials", "review", "batch", "store", "auth",
        "screening", "policy", "config")
TRANSPORT = ("grpc", "google.protobuf", "prometheus_client", "opentelemetry")
#: lower layers first: a module may import its own layer and the ones before it
LAYERS = (("domain", "config"), ("lexicon",), ("store",), ("text", "credentials", "image", "auth"),
          ("policy",), ("screening", "review"), ("batch", "app"), ("ops",), ("api", "console", "cli", "__main__"))


def _imports():
    """(importing package, imported package or module name, file) for every import in service/."""
    for path in SERVICE.rglob("*.py"):
        rel = path.relative_to(SERVICE)
        if rel.parts[0] == "api" and "gen" in rel.parts:
            continue
        pkg = rel.parts[0].removesuffix(".py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            for name in names:
                yield pkg, name, rel


def test_the_domain_core_imports_no_transport():
    bad = [(str(rel), name) for pkg, name, rel in _imports()
           if pkg in CORE and any(name == t or name.startswith(t + ".") for t in TRANSPORT)]
    assert not bad, bad


def test_no_package_imports_a_higher_layer():
    rank = {p: i for i, layer in enumerate(LAYERS) for p in layer}
    bad = []
    for pkg, name, rel in _imports():
        if not name.startswith("service.") or pkg not in rank:
            continue
        target = name.split(".")[1]
        if target in rank and rank[target] > rank[pkg]:
            bad.append(f"{rel}: {pkg} imports {name}")
    assert not bad, "\n".join(bad)


def test_no_cycles_between_packages():
    graph = defaultdict(set)
    for pkg, name, _ in _imports():
        if name.startswith("service.") and name.split(".")[1] != pkg:
            graph[pkg].add(name.split(".")[1])
    seen, stack, cycles = set(), [], []

    def visit(node, path):
        if node in path:
            cycles.append(path[path.index(node):] + [node])
            return
        if node in seen:
            return
        seen.add(node)
        for nxt in sorted(graph.get(node, ())):
            visit(nxt, path + [node])

    for node in sorted(graph):
        visit(node, [])
    assert not cycles, cycles
