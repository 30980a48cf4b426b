"""No import circle among the project's modules (the layers contract alone allows circles inside a layer; the
acyclic_siblings contract in pyproject.toml forbids them too, this test checks the module graph directly)."""

import grimp


def test_project_modules_import_each_other_without_circles():
    graph = grimp.build_graph("assistant", "ingest", "evals", "ui")
    edges = {m: set(graph.find_modules_directly_imported_by(m)) for m in graph.modules}
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    circles = []

    def visit(module, path):
        state[module] = 1
        for target in sorted(edges.get(module, ())):
            if state.get(target) == 1:
                circles.append(path[path.index(target):] + [target])
            elif target not in state:
                visit(target, path + [target])
        state[module] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    assert circles == []


def test_every_project_module_belongs_to_a_layer_of_the_contract():
    import tomllib
    from pathlib import Path

    config = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    layers = [p.strip() for c in contracts if c["type"] == "layers" for layer in c["layers"] for p in layer.split("|")]
    graph = grimp.build_graph("assistant", "ingest", "evals", "ui")
    outside = [m for m in graph.modules
               if m not in {"assistant"} and not any(m == layer or m.startswith(layer + ".") for layer in layers)]
    assert outside == []  # a module outside every layer could import anything without the contract noticing


def test_the_contracts_forbid_circles_and_cover_every_root_package():
    import tomllib
    from pathlib import Path

    config = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text(encoding="utf-8"))
    roots = set(config["tool"]["importlinter"]["root_packages"])
    acyclic = [c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "acyclic_siblings"]
    assert acyclic and set(acyclic[0]["ancestors"]) == roots == {"assistant", "ingest", "evals", "ui"}

