"""Client-measured latency of `ctx-ls serve` over stdio, next to a no-op pygls server.

    python -m benchmarks.lsp_latency [--lines 10000] [--edits 60] [--files 200]

For each server: didOpen of a generated N-line Go file until its publishDiagnostics
(median of five opens: files of one package, each declaring its own functions, each opened
beside the ones opened before), then one-character edits at random places, each timed from
didChange to the publishDiagnostics of that version (median and p95), in two ways:
  accumulate  every edit stays: a space at a random place often splits a token, so the
              file collects a syntax error per edit (the pessimistic case);
  typing      each inserted space is deleted by the next edit, so the file has at most one
              syntax error at a time, as while typing.
Last, RSS of the ctx-ls server with --files documents open (all analysed). The time
tree-sitter takes to parse the file in the benchmark's own process is printed first: it is
part of every open, and it shows how fast the machine is during the run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time

from lsprotocol import types
from pygls.lsp.client import LanguageClient

from benchmarks.gen import go_file

CTX_LS = [sys.executable, "-m", "ctx_ls", "serve"]
NOOP = [sys.executable, "-m", "benchmarks.noop_server"]


class Client(LanguageClient):
    def __init__(self) -> None:
        super().__init__("bench", "0")
        self.waiters: dict[tuple[str, int], asyncio.Future] = {}

        @self.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def _published(params: types.PublishDiagnosticsParams) -> None:
            fut = self.waiters.pop((params.uri, params.version), None)
            if fut is not None and not fut.done():
                fut.set_result(len(params.diagnostics))

        @self.feature(types.WINDOW_LOG_MESSAGE)
        def _log(params) -> None:
            pass

    def expect(self, uri: str, version: int) -> asyncio.Future:
        fut = asyncio.get_running_loop().create_future()
        self.waiters[(uri, version)] = fut
        return fut


async def _start(cmd: list[str]) -> Client:
    client = Client()
    await client.start_io(*cmd)
    await client.initialize_async(types.InitializeParams(
        capabilities=types.ClientCapabilities(general=types.GeneralClientCapabilities(position_encodings=["utf-16"])),
        process_id=os.getpid()))
    client.initialized(types.InitializedParams())
    return client


async def _stop(client: Client) -> None:
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


async def measure(cmd: list[str], text: str, edits: int, seed: int, revert: bool) -> dict[str, list[float]]:
    client = await _start(cmd)
    opens, changes = [], []
    tmp = tempfile.mkdtemp()
    for i in range(5):
        # Real buffers exist on disk: the package index reads them as siblings. Each file
        # of the package declares its own functions (go_file's part), as a real package does.
        other = go_file(text.count("\n"), part=i + 1)
        with open(f"{tmp}/open{i}.go", "w") as f:
            f.write(other)
        uri = f"file://{tmp}/open{i}.go"
        fut = client.expect(uri, 1)
        t = time.perf_counter()
        client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "go", 1, other)))
        await asyncio.wait_for(fut, 60)
        opens.append(time.perf_counter() - t)
    uri = f"file://{tmp}/edit.go"
    with open(f"{tmp}/edit.go", "w") as f:
        f.write(text)
    fut = client.expect(uri, 1)
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "go", 1, text)))
    await asyncio.wait_for(fut, 60)
    rnd = random.Random(seed)
    lines = text.split("\n")
    version = 1

    async def change(rng: types.Range, new: str) -> None:
        nonlocal version
        version += 1
        fut = client.expect(uri, version)
        t = time.perf_counter()
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(version=version, uri=uri),
            [types.TextDocumentContentChangePartial(range=rng, text=new)]))
        await asyncio.wait_for(fut, 60)
        changes.append(time.perf_counter() - t)

    for _ in range(edits // 2 if revert else edits):
        line = rnd.randrange(len(lines) - 1)
        col = rnd.randrange(len(lines[line]) + 1)
        at = types.Position(line, col)
        await change(types.Range(at, at), " ")
        if revert:
            await change(types.Range(at, types.Position(line, col + 1)), "")
        else:
            lines[line] = lines[line][:col] + " " + lines[line][col:]
    await _stop(client)
    return {"open": opens, "change": changes}


def _rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


async def rss_with_files(n: int) -> tuple[int, int]:
    client = await _start(CTX_LS)
    pid = client._server.pid  # the server subprocess
    idle = _rss_kib(pid)
    tmp = tempfile.mkdtemp()
    futs = []
    for i in range(n):
        text = go_file(300 + (i % 7) * 100).replace("package gen", f"package gen{i}")
        uri = f"file://{tmp}/f{i}.go"
        futs.append(client.expect(uri, 1))
        client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "go", 1, text)))
    await asyncio.wait_for(asyncio.gather(*futs), 300)
    rss = _rss_kib(pid)
    await _stop(client)
    return idle, rss


def parse_ms(text: str) -> float:
    """How long tree-sitter takes to parse the file here and now: the share of an open no
    server can avoid, and a gauge of the machine's speed during the run."""
    from ctx_ls.analysis.source import new_parser

    data, parser, times = text.encode(), new_parser(), []
    for _ in range(7):
        t = time.perf_counter()
        parser.parse(data)
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.lsp_latency")
    ap.add_argument("--lines", type=int, default=10_000)
    ap.add_argument("--edits", type=int, default=60)
    ap.add_argument("--files", type=int, default=200)
    args = ap.parse_args(argv)
    text = go_file(args.lines)
    print(f"generated file: {text.count(chr(10))} lines, {len(text.encode())} bytes; {args.edits} one-character edits")
    print(f"tree-sitter parse of the file in this process: {parse_ms(text):.1f} ms (median of 7; part of every open)")
    print(f"{'server':<10}{'edits':<12}{'open median':>13}{'open p95':>10}{'change median':>15}{'change p95':>12}  (ms)")
    for name, cmd in (("no-op", NOOP), ("ctx-ls", CTX_LS)):
        for mode in ("accumulate", "typing"):
            r = asyncio.run(measure(cmd, text, args.edits, seed=7, revert=mode == "typing"))
            print(f"{name:<10}{mode:<12}{statistics.median(r['open']) * 1000:>13.1f}{pct(r['open'], 95) * 1000:>10.1f}"
                  f"{statistics.median(r['change']) * 1000:>15.2f}{pct(r['change'], 95) * 1000:>12.2f}")
    idle, rss = asyncio.run(rss_with_files(args.files))
    print(f"ctx-ls RSS: {idle / 1024:.0f} MiB idle, {rss / 1024:.0f} MiB with {args.files} files open and analysed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
