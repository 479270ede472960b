"""Findings that depend on other files: related information in another file, and open
buffers of the package seen by the package index (re-published when a sibling is saved)."""

from __future__ import annotations

import asyncio

from lsprotocol import types

from tests.lsp.harness import TESTDATA, open_doc, published, session, uri_of

CNP = TESTDATA / "context-not-passed"


async def test_related_information_in_another_file() -> None:
    async with session() as client:
        uri = open_doc(client, CNP / "service.go")
        diags = await published(client, uri, 1)
        sync = next(d for d in diags if d.code == "context-not-passed" and "legacy.Sync" in d.message)
        (rel,) = sync.related_information
        assert rel.location.uri == uri_of(CNP / "internal" / "legacy" / "legacy.go")
        assert (rel.location.range.start.line, rel.location.range.start.character) == (11, 36)
        assert rel.location.range.end.character == 36 + len("context.Background()")


async def test_a_saved_sibling_buffer_changes_the_findings_of_open_files() -> None:
    async with session() as client:
        service = open_doc(client, CNP / "service.go")
        before = [d for d in await published(client, service, 1) if "s.load" in d.message]
        assert len(before) == 1
        store_path = CNP / "store.go"
        store = open_doc(client, store_path)
        await published(client, store, 1)
        text = store_path.read_text(encoding="utf-8")
        at = text.index("ctx := context.Background()")
        line = text[:at].count("\n")
        col = at - (text.rfind("\n", 0, at) + 1)
        seen = len(client.published)
        # The buffer (not the file on disk) stops creating a fresh context.
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=store, version=2),
            [types.TextDocumentContentChangePartial(
                range=types.Range(types.Position(line, col), types.Position(line, col + len("ctx := context.Background()"))),
                text="var ctx context.Context = nil")],
        ))
        await published(client, store, 2)
        client.text_document_did_save(types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(uri=store)))
        for _ in range(500):
            fresh = [p for p in client.published[seen:] if p.uri == service]
            if fresh:
                break
            await asyncio.sleep(0.02)
        assert fresh, "service.go was not analysed again after its sibling was saved"
        assert not [d for d in fresh[-1].diagnostics if "s.load" in d.message]
