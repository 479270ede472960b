"""Scheduling the analysis of open documents off the event loop.

One job per document at a time runs in a small thread pool; results for a version that is
no longer current are dropped (their tree is kept: later edits build on it); requests that
need the current result wait for it; results from a broken tree parsed incrementally are
redone from a fresh parse once the user pauses.
"""

from __future__ import annotations

import asyncio
import gc
from concurrent.futures import ThreadPoolExecutor

from lsprotocol import types

from ctx_ls.analysis import package
from ctx_ls.analysis.engine import DeclarationCache
from ctx_ls.analysis.gomod import NO_MODULE, find_module
from ctx_ls.lsp.diagnostics import Result, Snapshot, analyse, needs_reconcile
from ctx_ls.lsp.documents import Document, DocumentStore

# Buffers above this size (generated code, embedded data) are not analysed in the editor.
MAX_ANALYSED_BYTES = 4 * 1024 * 1024
# Seconds without edits after which a result parsed incrementally from a broken tree is
# redone from a fresh parse.
RECONCILE_AFTER = 0.3


# A busy spell that allocates this many objects without a pause collects anyway.
GC_BACKSTOP = 500_000


class GcPause:
    """Automatic garbage collection waits while documents are analysed.

    Opening a 10,000-line file allocates a few hundred thousand short-lived objects (query
    matches, nodes, keys), most freed by reference counting; young collections triggered
    among them cost several milliseconds per analysis, on the path to the user's
    diagnostics. Collection is paused while any analysis runs and resumes (collecting what
    is due) once the last one has published. Nested holds count; a long busy spell
    (many documents analysed back to back) still collects every GC_BACKSTOP allocations."""

    def __init__(self) -> None:
        self.holds = 0
        self.paused = False

    def hold(self) -> None:
        if self.holds == 0 and gc.isenabled():
            gc.disable()
            self.paused = True
        elif self.paused and gc.get_count()[0] > GC_BACKSTOP:
            gc.collect(0)
        self.holds += 1

    def release(self) -> None:
        self.holds -= 1
        if self.holds == 0 and self.paused:
            self.paused = False
            gc.enable()


class DocumentAnalysis:
    """Mixed into the language server; uses its ``engines``, ``encoding``, ``pull``,
    ``log``, ``report_server_error`` and the LSP notification methods."""

    def init_analysis(self) -> None:
        self.store = DocumentStore()
        # Documents are analysed concurrently (each by one job at a time), so that a huge
        # or pathological buffer does not hold up the others.
        self.executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="ctx-ls-analysis")
        self._tasks: dict[str, asyncio.Task] = {}
        self._results: dict[str, Result] = {}
        self._waiters: dict[str, list[tuple[int, asyncio.Future]]] = {}
        self._reconcilers: dict[str, asyncio.Task] = {}
        self.gc_pause = GcPause()

    # ----- documents and analysis
    def document(self, uri: str) -> Document | None:
        doc = self.store.get(uri)
        if doc is None:
            self.log(types.MessageType.Log, f"ctx-ls: ignoring a request for {uri}, which is not open")
        return doc

    def schedule(self, doc: Document) -> None:
        task = self._tasks.get(doc.uri)
        if task is None or task.done():
            self._tasks[doc.uri] = asyncio.get_running_loop().create_task(self._analyse_loop(doc.uri))

    async def _analyse_loop(self, uri: str) -> None:
        loop = asyncio.get_running_loop()
        while True:
            doc = self.store.get(uri)
            if doc is None:
                return
            done = self._results.get(uri)
            if done is not None and done.version == doc.version and not doc.edits:
                return
            if len(doc.text) > MAX_ANALYSED_BYTES:
                self._too_large(doc)
                return
            snap = self._snapshot(doc, doc.tree, tuple(doc.edits), doc.cache)
            generation = doc.generation
            self.gc_pause.hold()
            try:
                try:
                    result = await loop.run_in_executor(self.executor, analyse, snap)
                except Exception as e:  # never let one document stop the server
                    self.report_server_error(e, self._analyse_loop)
                    self._wake(uri, doc.version, failed=True)  # waiters get no result rather than a hang
                    return
                current = self.store.get(uri)
                if current is not doc:
                    return  # closed (or reopened) meanwhile
                doc.tree = result.tree
                del doc.edits[: result.consumed_edits]
                if result.version != doc.version or generation != doc.generation:
                    continue  # stale text, or settings changed meanwhile: analyse again
                self._results[uri] = result
                self._publish(doc, result)
                self._wake(uri, result.version)
                if needs_reconcile(result):
                    self._reconcile_later(doc, result)
                elif result.followup is not None:
                    self._follow_up(doc, result)
            finally:
                # After the publication has been written: the collection that resumes then
                # runs while the user reads the diagnostics, not before they are sent.
                loop.call_soon(self.gc_pause.release)

    def context_for(self, doc: Document):
        """``(engine, options, module)`` for a document: its config and its go.mod."""
        engine, options = self.engines.for_path(doc.path)
        return engine, options, (find_module(doc.path) if doc.path else NO_MODULE)

    def _snapshot(self, doc: Document, tree, edits: tuple, cache: DeclarationCache) -> Snapshot:
        engine, options, module = self.context_for(doc)
        overlays = {p: t for p, t in self.store.overlays().items() if p != doc.path}
        return Snapshot(doc.uri, doc.path, doc.version, doc.text, doc.lines, tree, edits, engine, options,
                        module, overlays, self.encoding, cache)

    def _follow_up(self, doc: Document, result: Result) -> None:
        """Run the result's follow-up work once it is published, unless the document has
        been edited since (the next analysis comes first then)."""
        followup, result.followup = result.followup, None

        def run() -> None:
            if self.store.get(doc.uri) is doc and not doc.edits and doc.version == result.version:
                followup()

        def done(fut) -> None:
            if not fut.cancelled() and fut.exception() is not None:
                self.report_server_error(fut.exception(), self._follow_up)

        asyncio.get_running_loop().run_in_executor(self.executor, run).add_done_callback(done)

    def _reconcile_later(self, doc: Document, result: Result) -> None:
        """Once the user pauses, redo the analysis from a fresh parse (see needs_reconcile)
        and publish again if anything differs."""

        async def reconcile() -> None:
            await asyncio.sleep(RECONCILE_AFTER)
            if self.store.get(doc.uri) is not doc or doc.version != result.version or doc.edits:
                return  # edited again: the next analysis takes over
            # Its own cache: an edit may start another analysis meanwhile.
            snap = self._snapshot(doc, None, (), DeclarationCache())
            fresh = await asyncio.get_running_loop().run_in_executor(self.executor, analyse, snap)
            if self.store.get(doc.uri) is not doc or doc.version != fresh.version or doc.edits:
                return
            doc.tree = fresh.tree
            self._results[doc.uri] = fresh
            if fresh.lsp != result.lsp:
                self._publish(doc, fresh)

        task = asyncio.get_running_loop().create_task(reconcile())
        self._reconcilers[doc.uri] = task

    def _too_large(self, doc: Document) -> None:
        """Huge buffers (generated code, data) are not parsed: no findings, one log line."""
        self.log(types.MessageType.Info, f"ctx-ls: {doc.uri} is {len(doc.text) // 1024} KiB; files over "
                 f"{MAX_ANALYSED_BYTES // (1024 * 1024)} MiB are not analysed")
        doc.tree, doc.edits[:] = None, []
        result = Result(doc.uri, doc.version, None, 0, doc.text, doc.lines, [])  # type: ignore[arg-type]
        self._results[doc.uri] = result
        self._publish(doc, result)
        self._wake(doc.uri, doc.version)

    def _publish(self, doc: Document, result: Result) -> None:
        if self.pull:
            return
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=doc.uri, version=result.version, diagnostics=result.lsp)
        )

    def _wake(self, uri: str, version: int, failed: bool = False) -> None:
        keep = []
        for v, fut in self._waiters.pop(uri, []):
            if v <= version and not fut.done():
                fut.set_result(failed)
            elif not fut.done():
                keep.append((v, fut))
        if keep:
            self._waiters[uri] = keep

    async def current_result(self, uri: str, timeout: float = 10.0) -> Result | None:
        """The analysis of the document's current version (waits for it)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            doc = self.store.get(uri)
            if doc is None:
                return None
            result = self._results.get(uri)
            if result is not None and result.version == doc.version:
                return result
            # Not there yet, or dropped between the wake-up and now (settings changed:
            # the document is being analysed again): wait for the next result.
            fut = loop.create_future()
            self._waiters.setdefault(uri, []).append((doc.version, fut))
            self.schedule(doc)
            try:
                failed = await asyncio.wait_for(fut, max(0.0, deadline - loop.time()))
            except asyncio.TimeoutError:
                return None
            if failed:
                return None  # the analysis raised (logged): answer now rather than hang

    def forget(self, uri: str) -> None:
        result = self._results.pop(uri, None)
        if result is not None:
            from pygls.uris import to_fs_path

            package.forget_buffer(to_fs_path(uri) or "")
        task = self._tasks.pop(uri, None)
        if task is not None:
            task.cancel()
        for _, fut in self._waiters.pop(uri, []):
            if not fut.done():
                fut.set_result(None)

    def invalidate(self, doc: Document) -> None:
        """Forget a document's results: settings or other files changed. An analysis in
        flight keeps its own (old) cache and its result is dropped by generation."""
        self._results.pop(doc.uri, None)
        doc.cache = DeclarationCache()
        doc.generation += 1
        self.schedule(doc)

    def reanalyse_all(self) -> None:
        for doc in self.store:
            self.invalidate(doc)
        ws = self.client_capabilities.workspace
        refresh = ws is not None and ws.diagnostics is not None and ws.diagnostics.refresh_support
        if self.pull and refresh:
            try:
                self.workspace_diagnostic_refresh(None)
            except Exception:
                pass
