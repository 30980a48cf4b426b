"""The layers contract at run time, in fresh interpreters (subprocesses: not in the unit ring)."""

import grimp


def test_importing_any_module_loads_no_module_of_a_higher_or_sibling_layer():
    """The contract at run time: each project module imported alone in a fresh interpreter loads only modules of its
    own layer part and the layers below (this would also catch imports that static analysis cannot see)."""
    import concurrent.futures
    import json
    import subprocess
    import sys
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    layers = next(c["layers"] for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers")
    parts = [(rank, p.strip()) for rank, layer in enumerate(layers) for p in layer.split("|")]  # rank 0 is the top

    def part_of(module):
        return next(((rank, p) for rank, p in parts if module == p or module.startswith(p + ".")), None)

    probe = ("import importlib, json, sys; importlib.import_module(sys.argv[1]); "
             "print(json.dumps([m for m in sys.modules if m.split('.')[0] in ('assistant', 'ingest', 'evals', 'ui')]))")
    modules = sorted(m for m in grimp.build_graph("assistant", "ingest", "evals", "ui").modules if part_of(m))

    def above(module):
        done = subprocess.run([sys.executable, "-c", probe, module], capture_output=True, text=True, cwd=root, check=True)
        rank, part = part_of(module)
        loaded = [part_of(m) for m in json.loads(done.stdout.splitlines()[-1])]
        return [p for p in loaded if p and (p[0] < rank or (p[0] == rank and p[1] != part))]

    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        violations = {m: v for m, v in zip(modules, pool.map(above, modules)) if v}
    assert len(modules) > 90 and violations == {}
