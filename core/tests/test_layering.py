"""Imports run one way (docs: STYLE.md, Layering), checked on the source with `ast`.

    core < territories < accounts < plan < projects < the domains on projects < dashboard

`accounts` sits beside `territories` and above it: a membership names a collectivity
(its migrations depend on territories'), and territories imports nothing of accounts.
Every import counts, function-local ones too, and so do migrations (their `dependencies`
included) and `apps.get_model("app", …)` / `import_module("app…")` with a literal name. The
domains at the same level (fund, registry, …) are not ordered among themselves here.

Nothing imports the `maillage` package (settings, URLs, WSGI/ASGI, the command, the demo
wiring), except itself, manage.py, conftest.py, bench/ and the tests. The tests of an app
(its tests/ package) are exempt from both rules: they exercise the assembled project (the
plan's tests create projects to check what the projects app counts for the plan's pages).
"""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAYERS = {
    "core": 0,
    "territories": 1,
    "accounts": 2,
    "plan": 3,
    "projects": 4,
    **dict.fromkeys(("fund", "registry", "matching", "observatory", "mobility", "governance"), 5),
    "dashboard": 6,
}
SITE = "maillage"
MAY_IMPORT_SITE = {SITE, "manage.py", "conftest.py", "bench", "tests"}
SKIPPED_DIRS = {".venv", "node_modules", "data", "locale", "static", "templates", ".git", "__pycache__"}


def imported_apps(source: str, filename: str = "<source>") -> list[tuple[int, str]]:
    """(line, top-level package) of every import in `source`, relative ones left out, with
    the apps named by a migration's dependencies, `apps.get_model("app", …)` and
    `import_module("app…")`."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name.split(".")[0]) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module.split(".")[0]))
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in {"get_model", "import_module"} and isinstance(node.args[0].value, str):
                found.append((node.lineno, node.args[0].value.split(".")[0]))
        elif isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "dependencies" for t in node.targets):
            for item in ast.walk(node.value):
                if isinstance(item, ast.Tuple) and item.elts and isinstance(item.elts[0], ast.Constant):
                    found.append((item.lineno, str(item.elts[0].value)))
    return found


def violations(path: Path, source: str) -> list[str]:
    """What `path` (relative to the repository) imports against the rules."""
    parts = path.parts
    if "tests" in parts[:-1]:
        return []
    app = parts[0] if len(parts) > 1 else None
    problems = []
    for line, imported in imported_apps(source, str(path)):
        if imported == SITE and parts[0] not in MAY_IMPORT_SITE:
            problems.append(f"{path}:{line}: imports the maillage package, which nothing imports")
        elif app in LAYERS and imported in LAYERS and LAYERS[imported] > LAYERS[app]:
            problems.append(f"{path}:{line}: {app} imports {imported}, which sits above it")
    return problems


def python_files():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if not SKIPPED_DIRS.intersection(relative.parts[:-1]):
            yield relative


def test_no_app_imports_an_app_above_it_and_nothing_imports_maillage():
    problems = [problem for path in python_files()
                for problem in violations(path, (ROOT / path).read_text(encoding="utf-8"))]
    assert problems == []


def test_every_app_of_the_project_has_a_layer():
    apps = {path.parts[0] for path in python_files() if len(path.parts) > 1 and path.name == "apps.py"}
    assert apps - {SITE} <= set(LAYERS)


def test_the_check_names_the_file_and_line_of_an_upward_import():
    source = "import datetime\n\ndef f():\n    from projects.models import Project\n    return Project\n"
    assert violations(Path("plan/views.py"), source) == [
        "plan/views.py:4: plan imports projects, which sits above it"]
    migration = 'dependencies = [\n    ("dashboard", "0001_initial"),\n]\n'
    assert violations(Path("projects/migrations/0001_initial.py"), migration) == [
        "projects/migrations/0001_initial.py:2: projects imports dashboard, which sits above it"]
    lazy = 'from django.apps import apps\nProject = apps.get_model("projects", "Project")\n'
    assert violations(Path("territories/models.py"), lazy) == [
        "territories/models.py:2: territories imports projects, which sits above it"]
    assert violations(Path("core/widgets.py"), "from maillage.settings import DEBUG\n") == [
        "core/widgets.py:1: imports the maillage package, which nothing imports"]
    assert violations(Path("plan/tests/test_x.py"), "from projects.models import Project\n") == []
    assert violations(Path("projects/views.py"), "from plan.models import Piste\nfrom . import facts\n") == []
