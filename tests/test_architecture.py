"""The package's shape: imports point one way, with no cycles and no borrowed private names.

Every import counts, including those inside functions; only ``if TYPE_CHECKING:`` blocks
are left out (they never run). Layers, lowest first: the leaves (errors, findings, text
io...), text analysis and TMX, translation, glossary, parallel articles and catalogs, the
pipeline, and at the top the command line and the service. A module may import its own
layer or a lower one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import newsl10n

ROOT = Path(newsl10n.__file__).parent

# Longest prefix wins.
LAYERS = {
    "newsl10n": 0,
    "newsl10n.errors": 0,
    "newsl10n.findings": 0,
    "newsl10n.progress": 0,
    "newsl10n.i18n": 0,
    "newsl10n.languages": 0,
    "newsl10n.textio": 0,
    "newsl10n.config": 0,
    "newsl10n.inputs": 0,
    "newsl10n.pofile": 1,
    "newsl10n.segment": 1,
    "newsl10n.markup": 1,
    "newsl10n.detect": 1,
    "newsl10n.parallel.tmx": 1,
    "newsl10n.translation": 2,
    "newsl10n.glossary": 3,
    "newsl10n.parallel": 4,
    "newsl10n.catalog": 4,
    "newsl10n.pipeline": 5,
    "newsl10n.formats": 5,
    "newsl10n.texts": 5,
    "newsl10n.files": 5,
    "newsl10n.cli": 6,
    "newsl10n.service": 6,
    "newsl10n.cluster": 6,
    "newsl10n.__main__": 6,
}


def module_name(path: Path) -> str:
    parts = ["newsl10n", *path.relative_to(ROOT).with_suffix("").parts]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(ROOT.rglob("*.py"))}


def layer(module: str) -> int:
    best = max((prefix for prefix in LAYERS if module == prefix or module.startswith(prefix + ".")), key=len)
    return LAYERS[best]


def _runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node except those under ``if TYPE_CHECKING:``."""
    found: list[ast.AST] = []
    todo: list[ast.AST] = [tree]
    while todo:
        node = todo.pop()
        found.append(node)
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                todo.extend(child.orelse)
                continue
            todo.append(child)
    return found


def _target(module: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
    for _ in range(node.level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{node.module}" if node.module else package


def imports(module: str) -> list[tuple[str, list[str], int]]:
    """``(imported module, names taken from it, line)`` for every runtime import of ``module``."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found = []
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.Import):
            found += [
                (alias.name, [], node.lineno) for alias in node.names if alias.name.startswith("newsl10n")
            ]
        elif isinstance(node, ast.ImportFrom):
            target = _target(module, node)
            if not target.startswith("newsl10n"):
                continue
            names = [alias.name for alias in node.names]
            # ``from package import submodule`` imports the submodule, not the package's names.
            submodules = [name for name in names if f"{target}.{name}" in MODULES]
            values = [name for name in names if name not in submodules]
            if values:
                found.append((target, values, node.lineno))
            found += [(f"{target}.{name}", [], node.lineno) for name in submodules]
    return found


def graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {m: set() for m in MODULES}
    for module in MODULES:
        for target, _names, _line in imports(module):
            if target in MODULES and target != module:
                edges[module].add(target)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                component.append(item)
                if item == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_the_checker_sees_imports_inside_functions_and_skips_type_checking():
    edges = graph()
    # pipeline imports the segmenter inside a function, never at the top.
    assert "newsl10n.segment" in edges["newsl10n.pipeline"]
    assert not any(t == "newsl10n.cli" for t in edges["newsl10n.errors"])
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycles_between_modules():
    found = cycles(graph())
    assert not found, "import cycles: " + "; ".join(" <-> ".join(c) for c in found)


def test_imports_point_down_the_layers():
    wrong = []
    for module, path in MODULES.items():
        for target, _names, line in imports(module):
            if target in MODULES and layer(target) > layer(module):
                wrong.append(f"{path.relative_to(ROOT)}:{line}: {module} imports {target}")
    assert not wrong, "\n".join(wrong)


def test_no_private_name_is_imported_from_another_module():
    wrong = []
    for module, path in MODULES.items():
        for target, names, line in imports(module):
            for name in names:
                # ``_`` is gettext's function, public by convention.
                if name.startswith("_") and name != "_" and not name.startswith("__"):
                    wrong.append(f"{path.relative_to(ROOT)}:{line}: {name} from {target}")
    assert not wrong, "\n".join(wrong)


def test_every_module_is_in_a_layer_and_small():
    for module, path in MODULES.items():
        assert layer(module) >= 0
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= 700, f"{path.relative_to(ROOT)} has {lines} lines: split it"
