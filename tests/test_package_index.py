"""The package index: facts declared in other files of the package and in other packages
of the module, how they are cached, and how findings point into other files."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

from fixtures import TESTDATA

from ctx_ls.analysis.gomod import find_module
from ctx_ls.analysis.package import PackageIndex, module_package
from ctx_ls.project import Analyzer, Settings

CNP = os.path.join(TESTDATA, "context-not-passed")


def _rules(outcome, rule: str) -> list:
    return [d for d in outcome.diagnostics if d.rule_id == rule]


def test_module_packages_are_found_by_import_path_and_exclude_tests() -> None:
    module = find_module(CNP)
    legacy = module_package(module, module.path + "/internal/legacy")
    assert legacy is not None and legacy.directory == os.path.join(CNP, "internal", "legacy")
    assert [info.name for _, info in legacy.functions("", "Sync")] == ["Sync"]
    assert module_package(module, "example.com/other/module") is None
    assert module_package(module, "net/http") is None
    # The package's own directory seen as an import (from an external test package):
    # its _test.go files are not part of it.
    own = module_package(module, module.path)
    assert own is not None and all(not s.path.endswith("_test.go") for s in own.siblings())


def test_related_information_points_into_the_file_that_creates_the_context(tmp_path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "ctx_ls", "check", "--format", "json", "--select", "context-not-passed", "."],
        cwd=CNP, capture_output=True, text=True,
    )
    found = {(d["line"], d["related"][0]["path"], d["related"][0]["line"], d["related"][0]["column"])
             for d in json.loads(out.stdout) if d["related"]}
    # legacy.Sync(id) in service.go: context.Background() at legacy.go:12:37.
    assert (21, os.path.join("internal", "legacy", "legacy.go"), 12, 37) in found
    # s.load(id): store.go:13:9.
    assert (17, "store.go", 13, 9) in found


def test_a_changed_sibling_on_disk_is_read_again(tmp_path) -> None:
    copy = tmp_path / "m"
    shutil.copytree(CNP, copy)
    analyzer = Analyzer(Settings())
    service = str(copy / "service.go")
    before = {d.span.start for d in _rules(analyzer.analyse(service), "context-not-passed")}
    store = copy / "store.go"
    text = store.read_text().replace("ctx := context.Background()\n", "var ctx context.Context = nil\n")
    store.write_text(text)
    st = os.stat(store)
    os.utime(store, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))
    after = {d.span.start for d in _rules(analyzer.analyse(service), "context-not-passed")}
    assert len(after) == len(before) - 1  # s.load(id) no longer starts from a fresh context


def test_open_buffers_override_files_on_disk() -> None:
    service = os.path.join(CNP, "service.go")
    store = os.path.join(CNP, "store.go")
    with open(store, "rb") as f:
        data = f.read()
    edited = data.replace(b"func (s *Store) load(id string)", b"func (s *Store) load(ctx context.Context, id string)")
    disk = PackageIndex(service, None)
    buffer = PackageIndex(service, None, overlays={store: edited})
    assert not disk.functions("Store", "load")[0][1].takes_context()
    assert buffer.functions("Store", "load")[0][1].takes_context()
    assert disk.signature() != buffer.signature()


def test_named_context_types_constants_and_keys_of_other_files() -> None:
    index = PackageIndex(os.path.join(TESTDATA, "context-first-param", "crossfile.go"), None)
    assert "requestCtx" in index.context_types()
    consts = PackageIndex(os.path.join(TESTDATA, "timeout-cannot-extend", "crossfile.go"), None)
    assert consts.duration("fastTimeout").number == 100_000_000
    assert consts.duration("tunable") is None  # a variable
    keys = PackageIndex(os.path.join(TESTDATA, "context-key-type", "named.go"), None)
    assert keys.key_type("sharedKey") == "string"


def test_headers_know_parameters_and_results_of_other_packages() -> None:
    module = find_module(os.path.join(TESTDATA, "context-reset"))
    ctxutil = module_package(module, module.path + "/internal/ctxutil")
    ((_, background),) = ctxutil.functions("", "Background")
    assert background.params == () and background.returns_context()
    ((_, detached),) = ctxutil.functions("", "IsDetached")
    assert detached.first_is_context() and not detached.returns_context()
