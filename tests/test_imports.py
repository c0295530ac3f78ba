"""The packages import one another in one direction only (README "Layout").

Every import of every module under casedesk/ and workflows/ is read from its source, those
inside functions too (an import put off until a call is still a dependency). A package may
import from its own layer and the layers below it, never from a layer above; and no two
packages, nor two modules, may import each other, directly or around a circle.
"""

import ast
from collections import defaultdict
from pathlib import Path

from django.conf import settings

SOURCES = ("casedesk", "workflows")

# Lowest first.
LAYERS = (
    # The project's own package, its settings, its Celery app and its database backend: none of them
    # imports a package of ours.
    ("casedesk", "casedesk.settings", "casedesk.celery", "casedesk.db"),
    # The organisation tree (units, each user's unit): below the domain, which scopes cases by it.
    ("casedesk.units",),
    # The domain: cases, states, transitions, steps, deadlines, audit, access.
    ("casedesk.cases",),
    # Shared web plumbing: the JSON error shape, schema refusals, permissions, formatting.
    ("casedesk.web",),
    ("casedesk.documents",),
    # The case API and its shapes, which the other APIs build on.
    ("casedesk.api",),
    # The rest of the union's work beside cases: consultations and outreach events (pages and API), and
    # the online application (the public pages a worker applies and tracks a case on).
    ("casedesk.consultations", "casedesk.outreach", "casedesk.portal"),
    # Payments against the agreement: their steps, forms and API (the case page shows them).
    ("casedesk.payments",),
    # The mediator roster: each mediator's profile, the recommendation at assignment, the printed roster.
    ("casedesk.roster",),
    # What people and programs use; backups read cases and documents; the demo desk loads everything.
    ("casedesk.desk", "casedesk.reports", "workflows", "casedesk.backups", "casedesk.feeds", "casedesk.demo"),
    # The URL configuration and the WSGI entry point put it all together.
    ("casedesk.urls", "casedesk.wsgi"),
)
LAYER = {package: level for level, packages in enumerate(LAYERS) for package in packages}


def module_files():
    root = Path(settings.BASE_DIR)
    files = {}
    for source in SOURCES:
        for path in sorted((root / source).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            files[name] = path
    return files


def package_of(module):
    """The top-level package a module belongs to: casedesk.cases, workflows, casedesk.settings, …"""
    parts = module.split(".")
    return parts[0] if parts[0] != "casedesk" or len(parts) == 1 else ".".join(parts[:2])


def imports_of(module, path, known):
    """[(line, imported module)] for every import of ours in the module's source."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([node.module] if node.module else []))
            # `from casedesk.cases import access` imports the module casedesk.cases.access.
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != module:
                found.append((node.lineno, target))
    return found


def import_graph():
    """{module: [(line, imported module)]} for every module under casedesk/ and workflows/."""
    files = module_files()
    return {module: imports_of(module, path, files) for module, path in files.items()}


def circles(edges):
    """The strongly connected parts of a graph {node: {node}} that hold more than one node."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(edges.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            part = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                part.append(member)
                if member == node:
                    break
            if len(part) > 1:
                found.append(sorted(part))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def where(graph, part, of=lambda module: module):
    """"module:line -> module" for every import that stays inside `part` (a circle) and leaves its own node."""
    return [
        f"{module}:{line} -> {target}"
        for module, found in sorted(graph.items())
        for line, target in found
        if of(module) in part and of(target) in part and of(module) != of(target)
    ]


def test_the_walk_finds_the_imports():
    """The walk itself: it reads relative, absolute and in-function imports."""
    graph = import_graph()
    assert any(target == "casedesk.celery" for _line, target in graph["casedesk"])
    assert any(target == "casedesk.cases.access" for _line, target in graph["casedesk.documents.selectors"])
    assert any(target == "casedesk.reports.jobs" for _line, target in graph["casedesk.reports.tasks"])
    assert any(target == "casedesk.documents.offers" for _line, target in graph["casedesk.desk.case_page"])


def test_every_package_has_its_place_in_the_layers():
    packages = {package_of(module) for module in import_graph()}
    assert sorted(packages - set(LAYER)) == [], "add the new package to LAYERS (and to the README's layout)"


def test_no_package_imports_from_a_layer_above_its_own():
    graph = import_graph()
    upward = [
        f"{module}:{line} -> {target}"
        for module, found in sorted(graph.items())
        for line, target in found
        if LAYER.get(package_of(target), 0) > LAYER.get(package_of(module), 0)
    ]
    assert upward == []


def test_no_two_packages_import_each_other_even_around_a_circle():
    graph = import_graph()
    edges = defaultdict(set)
    for module, found in graph.items():
        for _line, target in found:
            if package_of(target) != package_of(module):
                edges[package_of(module)].add(package_of(target))
    found = circles(edges)
    assert found == [], [where(graph, part, package_of) for part in found]


def test_no_two_modules_import_each_other_even_around_a_circle():
    graph = import_graph()
    found = circles({module: {target for _line, target in imported} for module, imported in graph.items()})
    assert found == [], [where(graph, part) for part in found]


def test_a_circle_is_found_where_there_is_one():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []
