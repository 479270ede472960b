"""The editor integrations under editors/: files parse, settings follow one schema, and the
Emacs and Neovim code loads in the real editors when they are installed.

CI installs the editors with `apt-get install -y emacs-nox neovim` (Debian 12: Emacs 28.2,
Neovim 0.7.2); without them those tests skip and say why.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from ctx_ls.rules import ALL_RULES, lookup

ROOT = Path(__file__).resolve().parent.parent
EDITORS = ROOT / "editors"

# The settings every config file ships: the schema's keys with neutral values.
DEFAULT_SETTINGS = {
    "select": [],
    "ignore": [],
    "severity": {},
    "inlayHints": {"effectiveDeadline": True},
}
SCHEMA_KEYS = {"select", "ignore", "severity", "inlayHints"}
LEVELS = {"error", "warning", "info", "hint"}

JSON_FILES = sorted(p for p in EDITORS.rglob("*") if p.suffix in (".json", ".sublime-settings"))
TOML_FILES = sorted(EDITORS.rglob("*.toml"))


def load_json(rel: str):
    return json.loads((EDITORS / rel).read_text(encoding="utf-8"))


def load_toml(rel: str):
    return tomllib.loads((EDITORS / rel).read_text(encoding="utf-8"))


def check_schema(where: str, block) -> None:
    """`block` is a ctxLs settings object: only the schema's keys, each of the right type."""
    assert isinstance(block, dict), f"{where}: ctxLs settings must be an object"
    assert set(block) <= SCHEMA_KEYS, f"{where}: unknown keys {sorted(set(block) - SCHEMA_KEYS)}"
    for key in ("select", "ignore"):
        if key in block:
            value = block[key]
            assert isinstance(value, list) and all(isinstance(x, str) for x in value), (
                f"{where}: {key} must be a list of strings, got {value!r}"
            )
    if "severity" in block:
        sev = block["severity"]
        assert isinstance(sev, dict), f"{where}: severity must be an object, got {sev!r}"
        for rule, level in sev.items():
            assert isinstance(rule, str) and level in LEVELS, f"{where}: severity {rule!r}: {level!r}"
    if "inlayHints" in block:
        hints = block["inlayHints"]
        assert isinstance(hints, dict) and set(hints) <= {"effectiveDeadline"}, f"{where}: inlayHints {hints!r}"
        assert all(isinstance(v, bool) for v in hints.values()), f"{where}: inlayHints {hints!r}"


def names_a_rule(name: str) -> bool:
    """A rule id, a code, or a code prefix such as CTX2 — what select/ignore accept."""
    return lookup(name) is not None or any(r.code.startswith(name.upper()) for r in ALL_RULES)


# --- plain files -------------------------------------------------------------------------


def test_editor_files_exist():
    expected = [
        "README.md",
        "neovim/README.md",
        "neovim/lsp/ctx_ls.lua",
        "neovim/lua/ctx_ls/init.lua",
        "helix/README.md",
        "helix/languages.toml",
        "emacs/README.md",
        "emacs/ctx-ls.el",
        "sublime/README.md",
        "sublime/LSP.sublime-settings",
        "zed/README.md",
        "zed/settings.json",
        "jetbrains/README.md",
        "jetbrains/template.json",
        "jetbrains/settings.json",
        "jetbrains/initializationOptions.json",
    ]
    missing = [rel for rel in expected if not (EDITORS / rel).is_file()]
    assert not missing, f"missing under editors/: {missing}"


@pytest.mark.parametrize("path", JSON_FILES, ids=lambda p: str(p.relative_to(EDITORS)))
def test_json_files_parse(path: Path):
    json.loads(path.read_text(encoding="utf-8"))  # strict JSON: no comments, no trailing commas


@pytest.mark.parametrize("path", TOML_FILES, ids=lambda p: str(p.relative_to(EDITORS)))
def test_toml_files_parse(path: Path):
    tomllib.loads(path.read_text(encoding="utf-8"))


def static_settings_blocks() -> list[tuple[str, object]]:
    """Every ctxLs block in the JSON/TOML configs (Neovim and Emacs are checked in their editors)."""
    helix = load_toml("helix/languages.toml")["language-server"]["ctx-ls"]["config"]
    sublime = load_json("sublime/LSP.sublime-settings")["clients"]["ctx-ls"]
    zed = load_json("zed/settings.json")["lsp"]["ctx-ls"]
    return [
        ("helix config (init options and workspace/configuration)", helix["ctxLs"]),
        ("sublime initializationOptions", sublime["initializationOptions"]["ctxLs"]),
        ("sublime settings", sublime["settings"]["ctxLs"]),
        ("zed initialization_options", zed["initialization_options"]["ctxLs"]),
        ("zed settings", zed["settings"]["ctxLs"]),
        ("jetbrains settings.json", load_json("jetbrains/settings.json")["ctxLs"]),
        ("jetbrains initializationOptions.json", load_json("jetbrains/initializationOptions.json")["ctxLs"]),
    ]


def test_settings_blocks_follow_one_schema():
    for where, block in static_settings_blocks():
        check_schema(where, block)
        assert block == DEFAULT_SETTINGS, f"{where} differs from the shared defaults: {block!r}"


def test_settings_wrappers_hold_only_ctxls():
    # Whatever carries the settings holds the ctxLs object and nothing beside it.
    sublime = load_json("sublime/LSP.sublime-settings")["clients"]["ctx-ls"]
    zed = load_json("zed/settings.json")["lsp"]["ctx-ls"]
    wrappers = {
        "helix config": load_toml("helix/languages.toml")["language-server"]["ctx-ls"]["config"],
        "sublime initializationOptions": sublime["initializationOptions"],
        "sublime settings": sublime["settings"],
        "zed initialization_options": zed["initialization_options"],
        "zed settings": zed["settings"],
        "jetbrains settings.json": load_json("jetbrains/settings.json"),
        "jetbrains initializationOptions.json": load_json("jetbrains/initializationOptions.json"),
    }
    for where, wrapper in wrappers.items():
        assert list(wrapper) == ["ctxLs"], f"{where}: expected only a ctxLs key, got {list(wrapper)}"


def test_readme_schema_example_is_valid():
    text = (EDITORS / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```json\n(.*?)```", text, re.S)
    assert blocks, "editors/README.md has no json example"
    example = json.loads(blocks[0])
    assert list(example) == ["ctxLs"]
    settings = example["ctxLs"]
    check_schema("editors/README.md example", settings)
    assert set(settings) == SCHEMA_KEYS, "the README example shows every key"
    named = settings["select"] + settings["ignore"] + list(settings["severity"])
    unknown = [n for n in named if not names_a_rule(n)]
    assert not unknown, f"README example names no rule: {unknown}"


def test_helix_runs_gopls_and_ctx_ls_for_go():
    data = load_toml("helix/languages.toml")
    server = data["language-server"]["ctx-ls"]
    assert server["command"] == "ctx-ls" and server["args"] == ["serve"]
    go = [lang for lang in data["language"] if lang["name"] == "go"]
    assert len(go) == 1, "exactly one [[language]] name = \"go\""
    names = [s if isinstance(s, str) else s["name"] for s in go[0]["language-servers"]]
    assert "gopls" in names and "ctx-ls" in names, names
    assert names.index("gopls") < names.index("ctx-ls"), "gopls first: it owns hover/completion"


def test_sublime_client():
    client = load_json("sublime/LSP.sublime-settings")["clients"]["ctx-ls"]
    assert client["enabled"] is True
    assert client["command"] == ["ctx-ls", "serve"]
    assert client["selector"] == "source.go"


def test_zed_snippet():
    data = load_json("zed/settings.json")
    binary = data["lsp"]["ctx-ls"]["binary"]
    assert binary == {"path": "ctx-ls", "arguments": ["serve"]}
    servers = data["languages"]["Go"]["language_servers"]
    assert servers[:2] == ["gopls", "ctx-ls"] and "..." in servers


def test_jetbrains_template():
    template = load_json("jetbrains/template.json")
    assert template["name"] == "ctx-ls"
    assert template["programArgs"]["default"] == "ctx-ls serve"
    assert set(template["programArgs"]) <= {"default", "unix", "mac", "windows"}
    assert all(cmd == "ctx-ls serve" for cmd in template["programArgs"].values())
    mappings = template["fileTypeMappings"]
    assert mappings and all(m["languageId"] == "go" for m in mappings)
    assert any("*.go" in m["fileType"].get("patterns", []) for m in mappings)


# --- Emacs -------------------------------------------------------------------------------

# CI installs the editors and sets CTXLS_REQUIRE_EDITORS=1: there a missing one is a failure.
if os.environ.get("CTXLS_REQUIRE_EDITORS") == "1" and not (shutil.which("emacs") and shutil.which("nvim")):
    raise RuntimeError("CTXLS_REQUIRE_EDITORS=1 but emacs or nvim is not installed")

EMACS = shutil.which("emacs")
needs_emacs = pytest.mark.skipif(EMACS is None, reason="emacs not on PATH (apt-get install emacs-nox)")


def run_emacs(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [EMACS, "--batch", "-Q", *args],
        cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120,
    )


@needs_emacs
def test_emacs_byte_compiles_without_lsp_mode(tmp_path: Path):
    # Compile a copy so no .elc is left in the repository.
    shutil.copy(EDITORS / "emacs" / "ctx-ls.el", tmp_path / "ctx-ls.el")
    proc = run_emacs(["--eval", "(setq byte-compile-error-on-warn t)", "-f", "batch-byte-compile", "ctx-ls.el"], tmp_path)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert not re.search(r"warning|error", output, re.I), output
    assert (tmp_path / "ctx-ls.elc").is_file()
    assert not (EDITORS / "emacs" / "ctx-ls.elc").exists()


@needs_emacs
def test_emacs_settings_follow_schema(tmp_path: Path):
    shutil.copy(EDITORS / "emacs" / "ctx-ls.el", tmp_path / "ctx-ls.el")
    proc = run_emacs(
        ["-L", ".", "-l", "ctx-ls", "--eval",
         "(progn (require 'json) (princ (json-encode (ctx-ls--initialization-options))))"],
        tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    options = json.loads(proc.stdout)
    assert list(options) == ["ctxLs"]
    check_schema("emacs initialization options", options["ctxLs"])
    assert options["ctxLs"] == DEFAULT_SETTINGS


# A stand-in for lsp-mode that records what ctx-ls.el registers.
LSP_MODE_STUB = """\
;;; lsp-mode.el --- test stand-in  -*- lexical-binding: t; -*-
(defvar stub-client nil)
(defvar stub-settings nil)
(defun lsp-register-custom-settings (props) (setq stub-settings (append stub-settings props)))
(defun make-lsp-client (&rest args) args)
(defun lsp-register-client (client) (setq stub-client client))
(defun lsp-stdio-connection (command &optional _test) (list :stdio command))
(defun lsp-activate-on (&rest languages) (list :activate-on languages))
(provide 'lsp-mode)
"""

REPORT_REGISTRATION = """\
(progn
  (require 'json)
  (let ((settings (make-hash-table :test #'equal)))
    (dolist (prop stub-settings)
      (let* ((v (nth 1 prop))
             (val (cond ((functionp v) (funcall v)) ((and (symbolp v) (boundp v)) (symbol-value v)) (t v))))
        (puthash (car prop) (if (and (nth 2 prop) (not val)) :json-false val) settings)))
    (princ (json-encode
            (list :addOn (if (plist-get stub-client :add-on?) t :json-false)
                  :serverId (symbol-name (plist-get stub-client :server-id))
                  :languages (vconcat (plist-get (plist-get stub-client :activation-fn) :activate-on))
                  :command (vconcat (funcall (plist-get (plist-get stub-client :new-connection) :stdio)))
                  :initializationOptions (funcall (plist-get stub-client :initialization-options))
                  :sections (vconcat (plist-get stub-client :synchronize-sections))
                  :settings settings)))))
"""


@needs_emacs
def test_emacs_registers_add_on_client_when_lsp_mode_loads(tmp_path: Path):
    shutil.copy(EDITORS / "emacs" / "ctx-ls.el", tmp_path / "ctx-ls.el")
    stub = tmp_path / "stub"
    stub.mkdir()
    (stub / "lsp-mode.el").write_text(LSP_MODE_STUB, encoding="utf-8")
    # ctx-ls first, lsp-mode later: the registration waits for lsp-mode.
    proc = run_emacs(["-L", ".", "-L", "stub", "-l", "ctx-ls", "--eval", "(require 'lsp-mode)",
                      "--eval", REPORT_REGISTRATION], tmp_path)
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout)
    assert got["addOn"] is True
    assert got["serverId"] == "ctx-ls"
    assert got["languages"] == ["go"]
    assert got["command"] == ["ctx-ls", "serve"]
    assert got["initializationOptions"] == {"ctxLs": DEFAULT_SETTINGS}
    assert got["sections"] == ["ctxLs"]
    # What lsp-mode builds for workspace/configuration section "ctxLs", path by path.
    assert got["settings"] == {
        "ctxLs.select": [],
        "ctxLs.ignore": [],
        "ctxLs.severity": {},
        "ctxLs.inlayHints.effectiveDeadline": True,
    }


# --- Neovim ------------------------------------------------------------------------------

NVIM = shutil.which("nvim")
needs_nvim = pytest.mark.skipif(NVIM is None, reason="nvim not on PATH (apt-get install neovim)")

NVIM_LOAD = """\
local function main()
  local cfg = dofile('editors/neovim/lsp/ctx_ls.lua')
  local mod = require('ctx_ls')
  return {
    cmd = cfg.cmd, filetypes = cfg.filetypes, root_markers = cfg.root_markers,
    settings = cfg.settings, init_options = cfg.init_options,
    setup = type(mod.setup), version = tostring(vim.version().major .. '.' .. vim.version().minor),
  }
end
local ok, res = xpcall(main, debug.traceback)
local f = io.open(vim.env.CTXLS_TEST_OUT, 'w')
f:write(vim.json.encode(ok and res or { error = res }))
f:close()
vim.cmd('qa!')
"""

NVIM_SETUP = """\
local function clients_of(buf)
  local list = {}
  if vim.lsp.get_clients then
    list = vim.lsp.get_clients({ bufnr = buf })
  else
    for _, c in pairs(vim.lsp.buf_get_clients(buf)) do table.insert(list, c) end
  end
  local out = {}
  for _, c in ipairs(list) do table.insert(out, { id = c.id, name = c.name }) end
  return out
end
local function log_has(kind)
  local f = io.open(vim.env.CTXLS_FAKE_LOG, 'r')
  if not f then return false end
  local text = f:read('*a')
  f:close()
  return text:find('"kind": "' .. kind .. '"', 1, true) ~= nil
end
local function main()
  vim.cmd('filetype on')
  local opts = assert((loadstring or load)('return ' .. vim.env.CTXLS_SETUP_OPTS))()
  require('ctx_ls').setup(opts)
  local dir = vim.env.CTXLS_TEST_DIR
  vim.cmd('edit ' .. dir .. '/mod/pkg/a.go')
  local a = vim.api.nvim_get_current_buf()
  local configured = vim.wait(15000, function() return log_has('configuration') end, 50)
  vim.cmd('edit ' .. dir .. '/mod/pkg/b.go')
  local b = vim.api.nvim_get_current_buf()
  vim.wait(5000, function() return #clients_of(b) > 0 end, 50)
  vim.cmd('edit ' .. dir .. '/mod/go.mod')
  local m = vim.api.nvim_get_current_buf()
  vim.wait(500)
  return {
    configured = configured,
    filetypes = { vim.bo[a].filetype, vim.bo[b].filetype, vim.bo[m].filetype },
    a = clients_of(a), b = clients_of(b), gomod = clients_of(m),
  }
end
local ok, res = xpcall(main, debug.traceback)
local f = io.open(vim.env.CTXLS_TEST_OUT, 'w')
f:write(vim.json.encode(ok and res or { error = res }))
f:close()
vim.cmd('qa!')
"""

# Stands in for `ctx-ls serve`: logs what the client sends, asks for the ctxLs section.
FAKE_SERVER = """\
import json, os, sys

LOG = os.environ["CTXLS_FAKE_LOG"]

def log(kind, payload):
    with open(LOG, "a", encoding="utf-8") as f:
        f.write(json.dumps({"kind": kind, "payload": payload}) + "\\n")

def read():
    headers = {}
    while True:
        line = sys.stdin.buffer.readline()
        if not line:
            return None
        line = line.strip()
        if not line:
            break
        key, _, value = line.partition(b":")
        headers[key.strip().lower()] = value.strip()
    return json.loads(sys.stdin.buffer.read(int(headers[b"content-length"])))

def send(msg):
    body = json.dumps(dict(msg, jsonrpc="2.0")).encode()
    sys.stdout.buffer.write(b"Content-Length: %d\\r\\n\\r\\n" % len(body) + body)
    sys.stdout.buffer.flush()

log("argv", sys.argv[1:])
while True:
    msg = read()
    if msg is None:
        break
    method = msg.get("method")
    if method == "initialize":
        log("initialize", msg["params"])
        send({"id": msg["id"], "result": {"capabilities": {"textDocumentSync": 1}}})
    elif method == "initialized":
        send({"id": "cfg", "method": "workspace/configuration", "params": {"items": [{"section": "ctxLs"}]}})
    elif method is None and msg.get("id") == "cfg":
        log("configuration", msg.get("result"))
    elif method == "textDocument/didOpen":
        log("didOpen", msg["params"]["textDocument"]["uri"])
    elif method == "exit":
        break
    elif method is not None and "id" in msg:
        send({"id": msg["id"], "result": None})
"""


def run_nvim(script: str, tmp_path: Path, env: dict[str, str]) -> dict:
    script_path = tmp_path / "script.lua"
    script_path.write_text(script, encoding="utf-8")
    out = tmp_path / "out.json"
    full_env = dict(os.environ, CTXLS_TEST_OUT=str(out), **env)
    proc = subprocess.run(
        [NVIM, "--headless", "-u", "NONE", "-i", "NONE", "--cmd", "set rtp+=editors/neovim",
         "-c", f"luafile {script_path}", "-c", "qa!"],
        cwd=ROOT, env=full_env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120,
    )
    assert out.is_file(), f"nvim wrote no result (rc={proc.returncode}): {proc.stdout}{proc.stderr}"
    result = json.loads(out.read_text(encoding="utf-8"))
    assert "error" not in result, result["error"]
    return result


@needs_nvim
def test_neovim_config_loads(tmp_path: Path):
    got = run_nvim(NVIM_LOAD, tmp_path, {})
    assert got["cmd"] == ["ctx-ls", "serve"]
    assert got["filetypes"] == ["go"]
    assert got["root_markers"] == ["go.mod", ".ctx-ls.toml", ".git"]
    assert got["setup"] == "function"
    # Encoded as Neovim sends them: severity must stay an object, select/ignore arrays.
    for key in ("settings", "init_options"):
        assert list(got[key]) == ["ctxLs"], got[key]
        check_schema(f"neovim {key}", got[key]["ctxLs"])
        assert got[key]["ctxLs"] == DEFAULT_SETTINGS, got[key]


CUSTOM_SETTINGS = {
    "select": [],
    "ignore": ["sleep-no-context"],
    "severity": {"lost-cancel": "error"},
    "inlayHints": {"effectiveDeadline": True},
}


@needs_nvim
@pytest.mark.parametrize(
    ("opts", "expected"),
    [
        ("nil", DEFAULT_SETTINGS),
        # User settings merge over the defaults and are copied into init_options.
        ("{ settings = { ctxLs = { ignore = { 'sleep-no-context' }, severity = { ['lost-cancel'] = 'error' } } },"
         " inlay_hints = true }", CUSTOM_SETTINGS),
    ],
    ids=["defaults", "user-settings"],
)
def test_neovim_setup_starts_and_attaches(tmp_path: Path, opts: str, expected: dict):
    bindir = tmp_path / "bin"
    bindir.mkdir()
    fake = bindir / "ctx-ls"
    fake.write_text(f"#!{sys.executable}\n" + FAKE_SERVER, encoding="utf-8")
    fake.chmod(0o755)
    mod = tmp_path / "mod"
    (mod / "pkg").mkdir(parents=True)
    (mod / "go.mod").write_text("module example.com/mod\n\ngo 1.22\n", encoding="utf-8")
    for name in ("a", "b"):
        (mod / "pkg" / f"{name}.go").write_text("package pkg\n", encoding="utf-8")
    log = tmp_path / "server.log"

    got = run_nvim(NVIM_SETUP, tmp_path, {
        "PATH": f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}",
        "CTXLS_FAKE_LOG": str(log),
        "CTXLS_TEST_DIR": str(tmp_path),
        "CTXLS_SETUP_OPTS": opts,
    })
    entries = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    by_kind: dict[str, list] = {}
    for e in entries:
        by_kind.setdefault(e["kind"], []).append(e["payload"])

    assert got["filetypes"] == ["go", "go", "gomod"]
    assert got["configured"], f"no workspace/configuration answer; server log: {entries}"
    assert by_kind["argv"] == [["serve"]], "one server, started as `ctx-ls serve`"
    # One client for the module, shared by both Go buffers; none on go.mod.
    assert [c["name"] for c in got["a"]] == ["ctx_ls"]
    assert got["a"] == got["b"]
    assert got["gomod"] == []
    init = by_kind["initialize"][0]
    assert init["rootUri"] == mod.as_uri(), "root is the directory holding go.mod"
    assert init["initializationOptions"] == {"ctxLs": expected}
    assert by_kind["configuration"] == [[expected]]
    assert sorted(by_kind["didOpen"]) == sorted((mod / "pkg" / f).as_uri() for f in ("a.go", "b.go"))
