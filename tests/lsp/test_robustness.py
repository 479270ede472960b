"""No input crashes the server: it answers, logs, and keeps serving."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import time

import pytest
from lsprotocol import types

from tests.lsp.harness import (
    SERVER,
    TESTDATA,
    expected,
    got,
    open_doc,
    published,
    session,
    uri_of,
)

SMALL = TESTDATA / "sleep-no-context" / "worker.go"


async def _still_serving(client) -> None:
    """A fresh document still gets exactly the CLI's findings."""
    text = SMALL.read_bytes().decode()
    uri = open_doc(client, SMALL, text, version=100)
    assert got(await published(client, uri, 100)) == expected(SMALL, SMALL.read_bytes())


async def test_unknown_uris_changes_before_open_and_out_of_range_positions() -> None:
    async with session() as client:
        ghost = uri_of(TESTDATA / "nope.go")
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=ghost, version=3),
            [types.TextDocumentContentChangeWholeDocument(text="package x")]))
        assert await client.text_document_hover_async(
            types.HoverParams(types.TextDocumentIdentifier(ghost), types.Position(0, 0))) is None
        assert not await client.text_document_code_action_async(types.CodeActionParams(
            types.TextDocumentIdentifier(ghost), types.Range(types.Position(0, 0), types.Position(0, 0)),
            types.CodeActionContext(diagnostics=[])))
        client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(ghost)))
        # Positions far outside the text are clamped, not fatal.
        path = TESTDATA / "lost-cancel" / "basic.go"
        text = path.read_text(encoding="utf-8")
        uri = open_doc(client, path, text)
        await published(client, uri, 1)
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            [types.TextDocumentContentChangePartial(
                range=types.Range(types.Position(99999, 5), types.Position(99999, 99)), text="\n// tail\n"),
             types.TextDocumentContentChangePartial(
                range=types.Range(types.Position(2, 9999), types.Position(2, 99999)), text="")]))
        text2 = text + "\n// tail\n"
        assert got(await published(client, uri, 2)) == expected(path, text2.encode())
        hov = await client.text_document_hover_async(
            types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(123456, 7)))
        assert hov is None
        await _still_serving(client)


async def test_binary_and_broken_go_and_newest_syntax() -> None:
    async with session() as client:
        blobs = {
            "binary.go": "".join(chr(i) for i in range(1, 256)) * 40 + "\x00\x00",
            "broken.go": "package p\nfunc f(ctx context.Context) { ctx, _ := context.WithCancel(ctx\n",
            "generic_method.go": "package p\n\nimport \"context\"\n\ntype S struct{}\n\n"
                                 "func (S) Do[T any](ctx context.Context, v T) { _ = new(v) }\n",
            "raw.go": "package p\n\nvar s = `" + "unterminated\n" * 3000,
        }
        for name, text in blobs.items():
            uri = open_doc(client, TESTDATA / name, text)
            await published(client, uri, 1)
        await _still_serving(client)


async def test_a_50mb_file_is_skipped_and_others_are_served() -> None:
    big_text = ("package big\n\nimport \"context\"\n\n" +
                "func F(ctx context.Context) { c, _ := context.WithCancel(ctx); _ = c }\n" * 710_000)
    assert len(big_text) > 50_000_000
    async with session() as client:
        big = open_doc(client, TESTDATA / "big.go", big_text)
        small = open_doc(client, SMALL)
        assert got(await published(client, small, 1, timeout=60)) == expected(SMALL, SMALL.read_bytes())
        assert await published(client, big, 1, timeout=60) == []
        assert any("are not analysed" in m.message for m in client.log_messages)
        # Edits to the huge buffer are still applied (positions stay right), and ignored.
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=big, version=2),
            [types.TextDocumentContentChangePartial(
                range=types.Range(types.Position(650_000, 3), types.Position(650_000, 3)), text="x")]))
        assert await published(client, big, 2, timeout=60) == []
        hov = await client.text_document_hover_async(
            types.HoverParams(types.TextDocumentIdentifier(small), types.Position(0, 0)))
        assert hov is None
        await _still_serving(client)


async def test_a_pathological_parse_does_not_hold_up_other_documents() -> None:
    """An unterminated raw string near the top of a 10,000-line file makes tree-sitter
    reparse most of it; a small document opened right after still gets its findings first."""
    from benchmarks.gen import go_file

    big_text = go_file(10_000)
    async with session() as client:
        big = open_doc(client, TESTDATA / "gen.go", big_text)
        await published(client, big, 1, timeout=60)
        at = big_text.index("\nfunc ") + 1
        line = big_text.count("\n", 0, at)
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=big, version=2),
            [types.TextDocumentContentChangePartial(
                range=types.Range(types.Position(line, 0), types.Position(line, 0)), text="var s = `\n")]))
        small = open_doc(client, SMALL)
        small_diags = await published(client, small, 1, timeout=60)
        assert got(small_diags) == expected(SMALL, SMALL.read_bytes())
        await published(client, big, 2, timeout=60)


async def test_cancel_request() -> None:
    from tests.lsp.harness import capabilities

    async with session(capabilities(pull=True)) as client:
        # The request waits for the analysis of a document that is never analysed in time:
        # a change arrives before each analysis finishes... simplest: a huge document.
        big = open_doc(client, TESTDATA / "big.go", "package big\n" + "func F() { for { } }\n" * 150_000)
        msg_id = "cancel-me"
        fut = client.protocol.send_request(
            types.TEXT_DOCUMENT_DIAGNOSTIC, types.DocumentDiagnosticParams(types.TextDocumentIdentifier(big)),
            msg_id=msg_id)
        client.protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id=msg_id))
        with pytest.raises(Exception) as err:
            await asyncio.wrap_future(fut)
        assert "cancel" in str(err.value).lower() or getattr(err.value, "code", None) == -32800
        small = open_doc(client, SMALL)
        report = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(types.TextDocumentIdentifier(small)))
        assert got(report.items) == expected(SMALL, SMALL.read_bytes())


def _frame(obj_or_bytes) -> bytes:
    body = obj_or_bytes if isinstance(obj_or_bytes, bytes) else json.dumps(obj_or_bytes).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def _read_messages(stdout, want_id, timeout=20):
    """Read framed messages until the response with ``want_id`` arrives."""
    import select

    buf = b""
    deadline = time.time() + timeout
    msgs = []
    while time.time() < deadline:
        r, _, _ = select.select([stdout], [], [], 0.5)
        if not r:
            continue
        chunk = os.read(stdout.fileno(), 65536)
        if not chunk:
            break
        buf += chunk
        while b"\r\n\r\n" in buf:
            head, rest = buf.split(b"\r\n\r\n", 1)
            length = int([h for h in head.split(b"\r\n") if h.lower().startswith(b"content-length")][0].split(b":")[1])
            if len(rest) < length:
                break
            msg = json.loads(rest[:length])
            buf = rest[length:]
            msgs.append(msg)
            if msg.get("id") == want_id and ("result" in msg or "error" in msg):
                return msg, msgs
    raise AssertionError(f"no response {want_id}; got {msgs}")


@pytest.mark.filterwarnings("ignore")
def test_malformed_json_rpc_and_invalid_utf8_over_raw_stdio() -> None:
    proc = subprocess.Popen(SERVER, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        send = lambda data: (proc.stdin.write(data), proc.stdin.flush())  # noqa: E731
        send(_frame({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                     "params": {"processId": None, "rootUri": None, "capabilities": {}}}))
        resp, _ = _read_messages(proc.stdout, 1)
        assert "result" in resp
        send(_frame({"jsonrpc": "2.0", "method": "initialized", "params": {}}))
        send(_frame(b"{this is not json"))
        send(_frame({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {"position": "nonsense"}}))
        resp, _ = _read_messages(proc.stdout, 2)
        assert "error" in resp
        send(_frame({"jsonrpc": "2.0", "id": 3, "method": "no/such/method", "params": {}}))
        resp, _ = _read_messages(proc.stdout, 3)
        assert resp["error"]["code"] == -32601
        # A lone surrogate (not valid Unicode, let alone UTF-8) inside the document text.
        uri = "file:///tmp/ctxls-surrogate.go"
        text = 'package p\n\nimport (\n\t"context"\n\t"time"\n)\n\n// \ud800 x\nfunc F(ctx context.Context) { time.Sleep(1) }\n'
        # json.dumps writes the lone surrogate as the escape \ud800, as a broken client might.
        body = json.dumps({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "go", "version": 1, "text": text}}}).encode()
        assert b"\\ud800" in body
        send(_frame(body))
        send(_frame({"jsonrpc": "2.0", "id": 4, "method": "textDocument/hover",
                     "params": {"textDocument": {"uri": uri}, "position": {"line": 8, "character": 31}}}))
        resp, msgs = _read_messages(proc.stdout, 4)
        assert resp.get("result") and "sleep-no-context" in resp["result"]["contents"]["value"]
        send(_frame({"jsonrpc": "2.0", "id": 5, "method": "shutdown"}))
        _read_messages(proc.stdout, 5)
        send(_frame({"jsonrpc": "2.0", "method": "exit"}))
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
