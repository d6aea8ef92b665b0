"""The house's layers: each folder imports only the layers below it, and no module imports itself in a circle.

core ← present (formatting, escapers, the report) ← charts ← ui (Streamlit glue) ← app_pages. No function in
those folders runs past 80 lines, and no page file past 250.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from app import PAGES

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("core", "present", "charts", "ui", "app_pages")
MAX_FUNCTION_LINES = 80
MAX_PAGE_LINES = 250


def _modules() -> dict[str, Path]:
    found = {}
    for layer in LAYERS:
        for path in sorted((ROOT / layer).glob("*.py")):
            name = layer if path.stem == "__init__" else f"{layer}.{path.stem}"
            found[name] = path
    return found


def _imports(path: Path) -> set[str]:
    """The project modules a file imports (`from ui import state` counts as ui.state)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    modules = _modules()
    return {name for name in names if name in modules}


@pytest.mark.parametrize("module", sorted(_modules()))
def test_a_module_imports_only_its_own_layer_and_those_below(module: str) -> None:
    layer = LAYERS.index(module.split(".")[0])
    for imported in _imports(_modules()[module]):
        assert LAYERS.index(imported.split(".")[0]) <= layer, f"{module} imports {imported}, a layer above it"


def test_there_is_no_import_cycle() -> None:
    graph = {name: _imports(path) - {name} for name, path in _modules().items()}
    graph = {name: {i for i in deps if i in graph and i != name.split(".")[0]} for name, deps in graph.items()}
    visiting: set[str] = set()
    done: set[str] = set()

    def visit(node: str, trail: list[str]) -> None:
        assert node not in visiting, "import cycle: " + " -> ".join([*trail, node])
        if node in done:
            return
        visiting.add(node)
        for nxt in sorted(graph.get(node, ())):
            visit(nxt, [*trail, node])
        visiting.discard(node)
        done.add(node)

    for name in sorted(graph):
        visit(name, [])


@pytest.mark.parametrize("module", sorted(_modules()))
def test_functions_stay_short(module: str) -> None:
    tree = ast.parse(_modules()[module].read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            assert length <= MAX_FUNCTION_LINES, f"{module}.{node.name} is {length} lines"


def test_pages_stay_short() -> None:
    for path in (ROOT / "app_pages").glob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_PAGE_LINES, path.name


# Session-state keys speak one dialect: "<owner>.<name>", the owner being the page that draws the widget (its
# url path), "app" for what the router shares, or "field" for a widget bound to a scenario field.
KEY_OWNERS = ("app", "field", *(entry.url_path for entry in PAGES if entry.url_path))
KEY_SHAPE = re.compile(rf"^({'|'.join(KEY_OWNERS)})\.[a-z0-9_.{{}}]*$")


def _literal(node: ast.expr) -> str | None:
    """A string literal's text; an f-string's with `{}` for each placeholder."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    return None


def _session_keys(path: Path) -> list[tuple[int, str]]:
    """Every literal that names a session-state key: a widget's `key=`, and a module-level upper-case constant
    shaped like a key (a lower-case word, a separator, more) or named ..._KEY / ..._PREFIX."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "key" and (text := _literal(node.value)) is not None:
            found.append((node.value.lineno, text))
    for node in tree.body:
        if not (isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)):
            continue
        name, text = node.targets[0].id, _literal(node.value)
        keyish = text is not None and (
            re.fullmatch(r"[a-z_]+[.:][a-z0-9_.:{}]*", text) or name.endswith(("KEY", "PREFIX"))
        )
        if name.lstrip("_").isupper() and keyish and text is not None:
            found.append((node.lineno, text))
    return found


@pytest.mark.parametrize("module", [m for m in sorted(_modules()) if m.split(".")[0] in ("ui", "app_pages")])
def test_session_state_keys_speak_one_dialect(module: str) -> None:
    odd = [f"line {line}: {key!r}" for line, key in _session_keys(_modules()[module]) if not KEY_SHAPE.match(key)]
    assert not odd, f"{module}: keys outside '<owner>.<name>' ({', '.join(KEY_OWNERS)}): {odd}"


def test_the_key_check_sees_keys() -> None:
    # A check that passes because it reads nothing would be worthless: known keys of every kind must be found.
    keys = {key for module in _modules() for _, key in _session_keys(_modules()[module])}
    assert {"field.", "app.scenario", "scenarios.preset", "your_data.ft_file", "estimate.tab"} <= keys


def test_every_page_script_is_in_the_one_page_list() -> None:
    scripts = sorted(path.name for path in (ROOT / "app_pages").glob("*.py") if path.stem != "__init__")
    assert sorted(entry.file for entry in PAGES) == scripts
    assert PAGES[0].url_path == "" and all(entry.url_path for entry in PAGES[1:])
    assert len({entry.url_path for entry in PAGES}) == len(PAGES)


# The tools around the app (benches, deploy checks, scripts, the harness they share) stand on the app and on
# harness/, never on the tests; and they keep to the same 80-line functions.
TOOL_FOLDERS = ("harness", "bench", "deploy", "scripts")


def _tool_files() -> list[Path]:
    return sorted(path for folder in TOOL_FOLDERS for path in (ROOT / folder).rglob("*.py"))


def _imported_names(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", _tool_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_tools_never_import_the_tests(path: Path) -> None:
    from_tests = sorted(name for name in _imported_names(path) if name == "tests" or name.startswith("tests."))
    assert not from_tests, f"{path.relative_to(ROOT)} imports {from_tests}: shared parts belong in harness/"


def test_the_harness_imports_no_bench_deploy_or_page_code() -> None:
    for path in (ROOT / "harness").glob("*.py"):
        names = _imported_names(path)
        assert not {n for n in names if n.split(".")[0] in ("bench", "deploy", "protocol", "app_pages")}, path


@pytest.mark.parametrize("path", _tool_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_tool_functions_stay_short(path: Path) -> None:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            assert length <= MAX_FUNCTION_LINES, f"{path.relative_to(ROOT)}: {node.name} is {length} lines"


def test_the_tool_checks_see_the_tools() -> None:
    names = {str(p.relative_to(ROOT)) for p in _tool_files()}
    assert {"harness/server.py", "bench/load.py", "bench/loadbench/journey.py", "deploy/replicas.py"} <= names
    assert "harness.server" in _imported_names(ROOT / "bench" / "load.py")
