"""End to end: the real `ctx-ls serve` subprocess driven by a pytest-lsp client."""

from __future__ import annotations

import asyncio

import pytest
from lsprotocol import types

from tests.lsp.harness import (
    TESTDATA,
    capabilities,
    expected,
    fixture_paths,
    got,
    open_doc,
    published,
    session,
)

pytestmark = pytest.mark.asyncio


async def test_server_and_cli_report_the_same_findings_on_every_fixture() -> None:
    async with session() as client:
        paths = fixture_paths()
        uris = {p: open_doc(client, p) for p in paths}
        total = 0
        for path, uri in uris.items():
            diags = await published(client, uri, 1)
            assert got(diags) == expected(path, path.read_bytes()), path
            total += len(diags)
        assert total > 100
        d = next(d for p in paths for d in client.diagnostics[uris[p]] if d.code == "lost-cancel" and d.related_information)
        assert d.source == "ctx-ls" and d.code_description.href.endswith("#lost-cancel")
        assert d.data["rule"] == "lost-cancel" and "fixes" in d.data


async def test_incremental_edits_with_non_ascii_crlf_and_odd_line_breaks() -> None:
    path = TESTDATA / "sleep-no-context" / "worker.go"
    base = path.read_text(encoding="utf-8")
    async with session(capabilities(encodings=["utf-16"])) as client:
        assert client.init_result.capabilities.position_encoding == "utf-16"
        uri = open_doc(client, path, base)
        await published(client, uri, 1)
        text = base
        # 1. A comment with U+2028, U+0085 and a form feed above the first function: LSP
        #    counts none of them as a line break.
        at = text.index("\nfunc ") + 1
        line = text.count("\n", 0, at)
        insert = "// 注释 \u2028 next\u0085 ff\x0c 🚀\n"
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            [types.TextDocumentContentChangePartial(
                range=types.Range(types.Position(line, 0), types.Position(line, 0)), text=insert)]))
        text = text[:at] + insert + text[at:]
        diags = await published(client, uri, 2)
        assert got(diags) == expected(path, text.encode())
        # 2. Insert a leak after an emoji on the same line (UTF-16 surrogate pairs), typed in
        #    three separate changes.
        target = text.index("func ", text.index("time.Sleep") - 400)
        body = text.index("{\n", target) + 2
        bline = text.count("\n", 0, body)
        pieces = ["\t/* 🚀 */ c, _ := ", "context.WithCancel(con", "text.Background())\n\t_ = c\n"]
        col = 0
        version = 2
        for piece in pieces:
            version += 1
            client.text_document_did_change(types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                [types.TextDocumentContentChangePartial(
                    range=types.Range(types.Position(bline, col), types.Position(bline, col)), text=piece)]))
            col += len(piece.encode("utf-16-le")) // 2 if "\n" not in piece else 0
        text = text[:body] + "".join(pieces) + text[body:]
        diags = await published(client, uri, version)
        assert got(diags) == expected(path, text.encode())
        assert any(d.code == "lost-cancel" for d in diags)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-32"])
async def test_position_encodings(encoding: str) -> None:
    path = TESTDATA / "lost-cancel" / "names.go"
    async with session(capabilities(encodings=[encoding])) as client:
        assert client.init_result.capabilities.position_encoding == encoding
        uri = open_doc(client, path)
        diags = await published(client, uri, 1)
        assert got(diags) == expected(path, path.read_bytes(), encoding)
        # The emoji and Chinese text before a finding make the three encodings differ.
        line = next(i for i, l in enumerate(path.read_text(encoding="utf-8").splitlines()) if "🚀" in l and "want" in l)
        d = next(d for d in diags if d.range.start.line == line)
        prefix = path.read_text(encoding="utf-8").splitlines()[line].split("ctxpkg.WithTimeout")[0]
        units = {"utf-8": len(prefix.encode()), "utf-16": len(prefix.encode("utf-16-le")) // 2, "utf-32": len(prefix)}
        assert d.range.start.character == units[encoding]


async def test_crlf_file() -> None:
    path = TESTDATA / "lost-cancel" / "crlf.go"
    assert b"\r\n" in path.read_bytes()
    async with session() as client:
        uri = open_doc(client, path)
        diags = await published(client, uri, 1)
        assert got(diags) == expected(path, path.read_bytes()) and diags


async def test_pull_client_gets_no_pushes() -> None:
    path = TESTDATA / "http-no-context" / "client.go"
    async with session(capabilities(pull=True)) as client:
        assert client.init_result.capabilities.diagnostic_provider is not None
        uri = open_doc(client, path)
        report = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(types.TextDocumentIdentifier(uri)))
        assert got(report.items) == expected(path, path.read_bytes()) and report.items
        ws = await client.workspace_diagnostic_async(types.WorkspaceDiagnosticParams(previous_result_ids=[]))
        assert [r.uri for r in ws.items] == [uri] and got(ws.items[0].items) == got(report.items)
        await asyncio.sleep(0.5)
        assert client.published == []


async def test_push_client_gets_no_pull_provider_needed_and_close_clears() -> None:
    path = TESTDATA / "sql-no-context" / "store.go"
    async with session() as client:
        uri = open_doc(client, path)
        assert await published(client, uri, 1)
        client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))
        for _ in range(100):
            last = client.published[-1]
            if last.uri == uri and last.diagnostics == [] and last.version is None:
                break
            await asyncio.sleep(0.02)
        assert client.published[-1].uri == uri and not client.published[-1].diagnostics


async def test_configuration_change_republishes() -> None:
    path = TESTDATA / "suppression" / "poller.go"
    async with session(configuration={"ctxLs": {}}) as client:
        uri = open_doc(client, path)
        before = await published(client, uri, 1)
        assert {d.code for d in before} >= {"sleep-no-context"}
        client.set_configuration({"ctxLs": {"ignore": ["sleep-no-context"], "severity": {"context-reset": "error"}}})
        n = len(client.published)
        client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
        for _ in range(200):
            if len(client.published) > n:
                break
            await asyncio.sleep(0.02)
        after = client.published[-1].diagnostics
        assert "sleep-no-context" not in {d.code for d in after}
        assert {d.severity for d in after if d.code == "context-reset"} <= {types.DiagnosticSeverity.Error}


async def test_initialization_options_and_bad_settings() -> None:
    path = TESTDATA / "suppression" / "poller.go"
    async with session(init_options={"ctxLs": {"select": ["CTX2"], "bogus": 1}}, configuration={}) as client:
        uri = open_doc(client, path)
        diags = await published(client, uri, 1)
        assert diags and all(d.data["code"].startswith("CTX2") for d in diags)
        assert any("ctxLs.bogus" in m.message for m in client.messages)


async def test_bad_config_file_is_shown_once(tmp_path) -> None:
    (tmp_path / "go.mod").write_text("module example.com/bad\n\ngo 1.22\n")
    (tmp_path / ".ctx-ls.toml").write_text("select = [\n")
    src = 'package p\n\nimport (\n\t"context"\n\t"time"\n)\n\nfunc F(ctx context.Context) { time.Sleep(1) }\n'
    async with session(root=tmp_path) as client:
        uris = [open_doc(client, tmp_path / f"f{i}.go", src) for i in range(3)]
        for uri in uris:
            assert [d.code for d in await published(client, uri, 1)] == ["sleep-no-context"]
        shown = [m for m in client.messages if ".ctx-ls.toml" in m.message]
        assert len(shown) == 1 and "invalid TOML" in shown[0].message


async def test_hover_and_code_actions() -> None:
    path = TESTDATA / "context-reset" / "service.go"
    text = path.read_text(encoding="utf-8")
    async with session() as client:
        uri = open_doc(client, path, text)
        diags = await published(client, uri, 1)
        d = diags[0]
        hov = await client.text_document_hover_async(types.HoverParams(types.TextDocumentIdentifier(uri), d.range.start))
        assert hov is not None and "context-reset" in hov.contents.value and "Why is this bad?" in hov.contents.value
        nothing = await client.text_document_hover_async(
            types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(0, 0)))
        assert nothing is None
        actions = await client.text_document_code_action_async(types.CodeActionParams(
            types.TextDocumentIdentifier(uri), d.range, types.CodeActionContext(diagnostics=[d])))
        titles = [a.title for a in actions]
        assert "Ignore context-reset on this line" in titles
        fix = next(a for a in actions if a.is_preferred)
        assert fix.kind == types.CodeActionKind.QuickFix
        # Apply "ignore" as the editor would, then the finding is gone.
        ignore = next(a for a in actions if a.title.startswith("Ignore"))
        edit = ignore.edit.document_changes[0]
        assert edit.text_document.version == 1
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            [types.TextDocumentContentChangePartial(range=e.range, text=e.new_text) for e in edit.edits]))
        after = await published(client, uri, 2)
        assert len(after) == len(diags) - 1
        # Stale diagnostics (version 1) get no fixes.
        stale = await client.text_document_code_action_async(types.CodeActionParams(
            types.TextDocumentIdentifier(uri), d.range, types.CodeActionContext(diagnostics=[d])))
        assert not [a for a in stale if a.kind == types.CodeActionKind.QuickFix]
        fix_all = await client.text_document_code_action_async(types.CodeActionParams(
            types.TextDocumentIdentifier(uri), types.Range(types.Position(0, 0), types.Position(0, 0)),
            types.CodeActionContext(diagnostics=[], only=["source.fixAll.ctx-ls"])))
        assert [a.kind for a in fix_all] == ["source.fixAll.ctx-ls"]


@pytest.mark.parametrize("go_line,expect", [("1.22", "1.23"), ("1.27", "collect")])
async def test_api_hover_follows_the_modules_go_version(tmp_path, go_line: str, expect: str) -> None:
    (tmp_path / "go.mod").write_text(f"module example.com/h\n\ngo {go_line}\n")
    src = ('package h\n\nimport (\n\t"context"\n\t"time"\n)\n\n'
           'func F(ctx context.Context) error {\n'
           '\tctx, cancel := context.WithTimeout(ctx, time.Second)\n\tdefer cancel()\n'
           '\tselect {\n\tcase <-ctx.Done():\n\t\treturn ctx.Err()\n\tcase <-time.After(time.Second):\n\t}\n'
           '\treturn nil\n}\n')
    path = tmp_path / "h.go"
    path.write_text(src)
    lines = src.split("\n")
    async with session(root=tmp_path) as client:
        uri = open_doc(client, path, src)
        await published(client, uri, 1)

        async def hover_at(needle: str, occurrence: int = 0):
            row = [i for i, l in enumerate(lines) if needle in l][occurrence]
            col = lines[row].index(needle) + 1
            h = await client.text_document_hover_async(
                types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(row, col)))
            return h.contents.value if h else None

        with_timeout = await hover_at("WithTimeout")
        assert with_timeout and "deadline" in with_timeout.lower()
        done = await hover_at("Done()")
        assert done and "Done" in done
        after = await hover_at("After(")
        assert after and expect in after
        assert await hover_at("F(ctx") is None


@pytest.mark.parametrize("enabled", [True, False])
async def test_effective_deadline_inlay_hints(tmp_path, enabled: bool) -> None:
    (tmp_path / "go.mod").write_text("module example.com/i\n\ngo 1.27\n")
    src = ('package i\n\nimport (\n\t"context"\n\t"time"\n)\n\n'
           'const budget = 1500 * time.Millisecond\n\n'
           'func F(ctx context.Context) {\n'
           '\tparent, cancel := context.WithTimeout(ctx, budget)\n\tdefer cancel()\n'
           '\tchild, stop := context.WithTimeout(parent, 5*time.Second)\n\tdefer stop()\n'
           '\tshort, done := context.WithTimeout(parent, time.Second)\n\tdefer done()\n'
           '\t_, _ = child, short\n}\n')
    path = tmp_path / "i.go"
    path.write_text(src)
    settings = {"ctxLs": {"inlayHints": {"effectiveDeadline": enabled}}}
    async with session(root=tmp_path, init_options=settings, configuration=settings) as client:
        uri = open_doc(client, path, src)
        await published(client, uri, 1)
        hints = await client.text_document_inlay_hint_async(types.InlayHintParams(
            types.TextDocumentIdentifier(uri), types.Range(types.Position(0, 0), types.Position(99, 0))))
        if not enabled:
            assert not hints
            return
        assert [h.label for h in hints] == ["≤ 1.5s (parent)"]
        line = src.split("\n").index("\tchild, stop := context.WithTimeout(parent, 5*time.Second)")
        assert hints[0].position == types.Position(line, len("\tchild, stop := context.WithTimeout(parent, 5*time.Second)"))


async def test_hover_on_context_and_cancel_variables(tmp_path) -> None:
    (tmp_path / "go.mod").write_text("module example.com/v\n\ngo 1.27\n")
    src = ('package v\n\nimport (\n\t"context"\n\t"net/http"\n\t"time"\n)\n\n'
           'type key struct{}\n\n'
           'func H(w http.ResponseWriter, r *http.Request) {\n'
           '\tctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)\n\tdefer cancel()\n'
           '\tvctx := context.WithValue(ctx, key{}, 1)\n'
           '\tsub, _ := context.WithTimeout(vctx, 10*time.Second)\n'
           '\t_ = sub\n}\n')
    path = tmp_path / "v.go"
    path.write_text(src)
    lines = src.split("\n")
    async with session(root=tmp_path) as client:
        uri = open_doc(client, path, src)
        await published(client, uri, 1)

        async def hover_on(line_text: str, word: str) -> str | None:
            row = lines.index(line_text)
            h = await client.text_document_hover_async(types.HoverParams(
                types.TextDocumentIdentifier(uri), types.Position(row, lines[row].index(word) + 1)))
            return h.contents.value if h else None

        sub = await hover_on("\t_ = sub", "sub")
        assert sub is not None
        assert "r.Context()" in sub and "context.WithTimeout(…, 3s)" in sub and "context.WithValue" in sub
        assert "at most **3s**" in sub and "discarded" in sub
        cancel = await hover_on("\tdefer cancel()", "cancel")
        assert cancel is not None and "cancel function of `context.WithTimeout`" in cancel and "deferred" in cancel


async def test_trace_rewrite_compiles(tmp_path) -> None:
    from tests.conftest import GO, run_go

    (tmp_path / "go.mod").write_text("module example.com/svc\n\ngo 1.22\n")
    src = ('package svc\n\nimport (\n\t"context"\n\t"time"\n)\n\ntype key struct{}\n\n'
           'type Svc struct{}\n\n'
           '// Do derives, cancels and calls.\n'
           'func (s *Svc) Do(ctx context.Context, id string) error {\n'
           '\tctx, cancel := context.WithTimeout(ctx, 2*time.Second)\n\tdefer cancel()\n'
           '\tvctx := context.WithValue(ctx, key{}, id)\n'
           '\tsub, stop := context.WithCancel(vctx)\n'
           '\tif id == "" {\n\t\tstop()\n\t\treturn nil\n\t}\n\tstop()\n\t_ = sub\n\treturn nil\n}\n')
    path = tmp_path / "svc.go"
    path.write_text(src)
    lines = src.split("\n")
    async with session(root=tmp_path) as client:
        uri = open_doc(client, path, src)
        await published(client, uri, 1)
        row = lines.index("\tvctx := context.WithValue(ctx, key{}, id)")
        actions = await client.text_document_code_action_async(types.CodeActionParams(
            types.TextDocumentIdentifier(uri), types.Range(types.Position(row, 2), types.Position(row, 2)),
            types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.RefactorRewrite])))
        trace = [a for a in actions if a.kind == types.CodeActionKind.RefactorRewrite]
        assert [a.title for a in trace] == ["Trace context lifecycle with runtime/trace"]
        # Apply the edits as an editor would (last first) and send them to the server too.
        edits = trace[0].edit.document_changes[0].edits
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            [types.TextDocumentContentChangePartial(range=e.range, text=e.new_text)
             for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True)]))
        data = src.encode()
        from ctx_ls.analysis.source import LineIndex
        from ctx_ls.lsp import convert
        for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
            idx = LineIndex(data)
            a, b = convert.offset(data, idx, e.range.start, "utf-16"), convert.offset(data, idx, e.range.end, "utf-16")
            data = data[:a] + e.new_text.encode() + data[b:]
        text = data.decode()
        assert 'trace.NewTask(ctx, "svc.Svc.Do")' in text and '"runtime/trace"' in text
        assert text.count("trace.Log(") == 6
        await published(client, uri, 2)
    if GO is not None:
        path.write_text(text)
        build = run_go(["build", "./..."], str(tmp_path))
        assert build.returncode == 0, build.stderr + text


async def test_settings_change_during_an_analysis_is_not_lost(tmp_path) -> None:
    """A configuration change that arrives while a document is being analysed must still
    apply to that document (the in-flight result is recomputed, not kept)."""
    from benchmarks.gen import go_file

    text = go_file(4000) + '\nfunc Z(ctx context.Context) { time.Sleep(1) }\n'
    path = tmp_path / "gen.go"
    path.write_text(text)
    async with session(root=tmp_path, configuration={"ctxLs": {}}) as client:
        uri = open_doc(client, path, text)
        client.set_configuration({"ctxLs": {"ignore": ["sleep-no-context"]}})
        client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
        for _ in range(300):
            last = [p for p in client.published if p.uri == uri]
            if last and not any(d.code == "sleep-no-context" for d in last[-1].diagnostics):
                break
            await asyncio.sleep(0.05)
        assert last and not any(d.code == "sleep-no-context" for d in last[-1].diagnostics)


async def test_a_pull_during_a_settings_change_gets_the_new_analysis(tmp_path) -> None:
    """A pull that is answered while a configuration change invalidates the document's
    result (the result is dropped between the wake-up and the answer) must wait for the new
    analysis, not answer with nothing: Neovim does not support refresh and would never pull
    again. Repeated, since the race needs the right interleaving."""
    from benchmarks.gen import go_file

    text = go_file(600) + '\nfunc Z(ctx context.Context) { time.Sleep(1) }\n'
    path = tmp_path / "gen.go"
    path.write_text(text)
    async with session(capabilities(pull=True), root=tmp_path, configuration={"ctxLs": {}}) as client:
        for version in range(1, 16):
            uri = open_doc(client, path, text, version=version)
            pull = client.text_document_diagnostic_async(
                types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri)))
            client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
            report = await asyncio.wait_for(pull, 20)
            assert any(d.code == "sleep-no-context" for d in report.items), version
            client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri=uri)))
