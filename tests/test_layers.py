"""The import graph of hott, learn, bridge and hottbridge runs one way.

Every import counts: at module level, inside functions and under ``TYPE_CHECKING``. The graph
must have no cycle, each package keeps to the packages it may use, and inside each package a
module imports only modules of its own layer or below (the layers of docs/architecture.md).
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("hottbridge", "hott", "learn", "bridge")

#: What each package may import from the others (and from heavy third-party libraries).
ALLOWED_PACKAGES = {
    "hottbridge": {"hottbridge"},
    "hott": {"hottbridge", "hott"},
    "learn": {"hottbridge", "learn"},
    "bridge": {"hottbridge", "hott", "learn", "bridge"},
}
FORBIDDEN_THIRD_PARTY = {
    "hott": {"tensorflow", "keras", "gudhi", "sklearn", "matplotlib"},
    "hottbridge": {"tensorflow", "keras", "gudhi", "sympy"},
}
#: hott.lang modules that deliberately evaluate terms into the cell-complex model.
MODEL_BRIDGES: set[str] = {
    "hott.lang.model", "hott.lang.model.hits", "hott.lang.model.interpret",
    "hott.lang.model.values", "hott.lang.model.evaluate", "hott.lang.model.readback",
    "hott.lang.model.render", "hott.lang.model.hit_files", "hott.lang.eval_cli",
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            modules[module_name(path)] = path
    return modules


def imported_names(path: Path, module: str, modules: frozenset[str] = frozenset()) -> set[str]:
    """Every module name an import statement anywhere in ``path`` names (resolved, absolute).

    ``from package import submodule`` names the submodule only: the package's ``__init__`` is
    not a dependency unless a name defined there is imported.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_package = path.name == "__init__.py"
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            targets = {f"{prefix}.{alias.name}" for alias in node.names}
            names.update(targets)
            if not targets <= modules:
                names.add(prefix)
    return names


def import_graph() -> nx.DiGraph:
    """Project modules as nodes; an edge ``a -> b`` where ``a`` imports ``b``."""
    modules = project_modules()
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for module, path in modules.items():
        for name in imported_names(path, module, frozenset(modules)):
            if name in modules and name != module:
                graph.add_edge(module, name)
    return graph


def third_party(path: Path, module: str) -> set[str]:
    return {name.split(".")[0] for name in imported_names(path, module)} - set(PACKAGES)


def test_the_graph_sees_the_packages() -> None:
    graph = import_graph()
    assert {"hott", "learn", "bridge", "hottbridge.errors"} <= set(graph)
    assert graph.has_edge("bridge.realization", "hott") or any(
        target.startswith("hott") for target in graph.successors("bridge.realization"))


def test_no_import_cycle() -> None:
    cycles = [sorted(c) for c in nx.strongly_connected_components(import_graph()) if len(c) > 1]
    assert cycles == [], f"import cycles: {cycles}"


@pytest.mark.parametrize("package", PACKAGES)
def test_packages_import_only_what_they_may(package: str) -> None:
    graph = import_graph()
    wrong = sorted(
        (source, target) for source, target in graph.edges
        if source.split(".")[0] == package
        and target.split(".")[0] not in ALLOWED_PACKAGES[package]
    )
    assert wrong == []


@pytest.mark.parametrize("package", sorted(FORBIDDEN_THIRD_PARTY))
def test_light_packages_stay_light(package: str) -> None:
    heavy = {
        (module, name)
        for module, path in project_modules().items() if module.split(".")[0] == package
        for name in third_party(path, module) & FORBIDDEN_THIRD_PARTY[package]
    }
    assert heavy == set()


def test_the_type_theory_does_not_reach_into_the_model() -> None:
    """``hott.lang``'s checker stands beside the cell-complex model, not on it."""
    graph = import_graph()
    entangled = sorted(
        (source, target) for source, target in graph.edges
        if source.startswith("hott.lang") and target.split(".")[0] == "hott"
        and not target.startswith("hott.lang") and source not in MODEL_BRIDGES
        and not source.startswith("hott.lang.model.")
    )
    assert entangled == []



#: Each package's layers, bottom first: a module imports only modules of its own layer or below.
#: A name ending in ``.*`` stands for a package and everything in it. docs/architecture.md draws
#: the same layers.
LAYERS: dict[str, list[tuple[str, set[str]]]] = {
    "hott": [
        ("cell complex", {"hott.budget", "hott.chains", "hott.column_reduction", "hott.snf",
                          "hott.words", "hott.complex",
                          "hott.paths"}),
        ("groups and invariants", {"hott.tietze", "hott.coset_enumeration", "hott.dehn",
                                   "hott.permutation_witness", "hott.one_relator",
                                   "hott.homology", "hott.presentation", "hott.word_problem",
                                   "hott.knuth_bendix"}),
        ("HIT", {"hott.hit"}),
        ("maps and families", {"hott.fibers", "hott.maps", "hott.library", "hott.families",
                               "hott.strategies"}),
        ("type theory", {"hott.lang.*"}),
        ("type theory in the model", {"hott.lang.model.*"}),
        ("entry points", {"hott", "hott.lang", "hott.cli", "hott.lang.cli",
                          "hott.lang.eval_cli", "hott.lang.model.hit_files"}),
    ],
    "learn": [
        ("checks and losses", {"learn.validation", "learn.batching", "learn.losses",
                               "learn.contrastive_losses", "learn.metrics", "learn.retrieval",
                               "learn.homotopy", "learn.distribute", "learn.networks",
                               "learn.pairs", "learn.probe"}),
        ("data", {"learn.data.*"}),
        ("model parts", {"learn.base", "learn.layers", "learn.regularizers", "learn.augment",
                         "learn.search", "learn.embedding"}),
        ("models", {"learn.autoencoder", "learn.vae", "learn.metric_nets", "learn.simclr",
                    "learn.classifier", "learn.models"}),
        ("entry points", {"learn", "learn.cli"}),
    ],
    "bridge": [
        ("codes and paths", {"bridge.validation", "bridge.model", "bridge.paths",
                             "bridge.recognise", "bridge.cases"}),
        ("data complex", {"bridge.complex", "bridge.stability", "bridge.circular",
                          "bridge.geodesics", "bridge.interpolators", "bridge.compare",
                          "bridge.figures"}),
        ("laws, maps and geometry", {"bridge.laws", "bridge.realization",
                                     "bridge.generator_loops", "bridge.geometry.metric",
                                     "bridge.geometry.curvature", "bridge.geometry.flow"}),
        ("runs and reports", {"bridge.report", "bridge.datasets", "bridge.strategies",
                              "bridge.check", "bridge.testing", "bridge.discovery",
                              "bridge.discover_files", "bridge.discover_figures",
                              "bridge.geometry.*"}),
        ("entry points", {"bridge", "bridge.cli", "bridge.cli_checks", "bridge.demo",
                          "bridge.discover_cli",
                          "bridge.pytest_plugin"}),
    ],
}


def layer_of(module: str) -> int | None:
    """The index of ``module``'s layer in its package (exact names before ``.*`` patterns)."""
    layers = LAYERS[module.split(".")[0]]
    for index, (_, names) in enumerate(layers):
        if module in names:
            return index
    best = None
    for index, (_, names) in enumerate(layers):
        for name in names:
            inside = name.endswith(".*") and (module + ".").startswith(name[:-1])
            if inside and (best is None or len(name) > best[1]):
                best = (index, len(name))
    return None if best is None else best[0]


@pytest.mark.parametrize("package", sorted(LAYERS))
def test_every_module_has_a_layer(package: str) -> None:
    unplaced = sorted(m for m in project_modules() if m.split(".")[0] == package
                      and layer_of(m) is None)
    assert unplaced == [], "add these modules to LAYERS and to docs/architecture.md"


@pytest.mark.parametrize("package", sorted(LAYERS))
def test_no_module_imports_a_layer_above_it(package: str) -> None:
    graph = import_graph()
    upward = sorted(
        (source, target) for source, target in graph.edges
        if source.split(".")[0] == package == target.split(".")[0]
        and None not in (layer_of(source), layer_of(target))
        and layer_of(target) > layer_of(source)
    )
    assert upward == []


def test_a_cycle_is_detected() -> None:
    """The checker itself can fail: a two-module loop is found."""
    graph = nx.DiGraph([("a", "b"), ("b", "a"), ("b", "c")])
    assert [sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1] == [
        ["a", "b"]]
