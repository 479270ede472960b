"""The ctx-ls language server: the LanguageServer subclass and its @feature wiring.

Handlers adapt requests to the analysis library in a few lines each; the work lives in
documents.py (buffers), scheduler.py (analyses off the event loop),
diagnostics.py (one analysis and its LSP results), hover.py, inlay_hints.py and
code_actions.py.
"""

from __future__ import annotations

import gc
import logging
import sys
import traceback

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method
from pygls.uris import to_fs_path

from ctx_ls import __version__
from ctx_ls.lsp import code_actions, convert, hover, inlay_hints
from ctx_ls.lsp import settings as settingslib
from ctx_ls.lsp.scheduler import DocumentAnalysis

log = logging.getLogger("ctx-ls")

class CtxProtocol(LanguageServerProtocol):
    """Keeps pygls from maintaining its own copies of documents: it splits lines with
    ``str.splitlines`` (wrong for LSP) and would hold every buffer twice. Also answers
    requests whose params cannot be read (pygls would log and leave the client waiting)."""

    def structure_message(self, data):
        try:
            return super().structure_message(data)
        except JsonRpcException as exc:
            if isinstance(data, dict) and "id" in data and "method" in data:
                self._send_response(data["id"], error=types.ResponseError(
                    code=exc.code, message=f"{exc.message}: cannot read the params of {data['method']}"))
            raise

    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(self, params):
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_OPEN)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params):
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CHANGE)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params):
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CLOSE)) is not None:
            yield handler, (params,), None


class CtxLanguageServer(DocumentAnalysis, LanguageServer):
    def __init__(self) -> None:
        super().__init__("ctx-ls", __version__, protocol_cls=CtxProtocol)
        self.engines = settingslib.EngineFactory(self.show_once)
        self.editor = settingslib.EditorSettings()
        self.pull = False  # the client pulls diagnostics: never push then
        self.encoding = convert.UTF16
        self._shown: set[str] = set()
        self.init_analysis()

    # ----- errors and messages
    def report_server_error(self, error: Exception, source) -> None:
        tb = "".join(traceback.format_exception(type(error), error, error.__traceback__))
        self.log(types.MessageType.Error, f"ctx-ls internal error ({getattr(source, '__name__', source)}):\n{tb}")

    def log(self, kind: types.MessageType, message: str) -> None:
        try:
            self.window_log_message(types.LogMessageParams(kind, message))
        except Exception:  # no client yet (or it is gone): stderr is all we have
            print(message, file=sys.stderr)

    def show_once(self, message: str) -> None:
        if message in self._shown:
            return
        self._shown.add(message)
        self.log(types.MessageType.Warning, message)
        try:
            self.window_show_message(types.ShowMessageParams(types.MessageType.Warning, message))
        except Exception:
            pass

    def apply_editor_settings(self, raw) -> None:
        parsed = settingslib.parse(raw)
        for err in parsed.errors:
            self.show_once(f"ctx-ls: {err}; ignored")
        self.editor = parsed.settings
        self.engines.set_editor(parsed.settings)


server = CtxLanguageServer()


def _path(uri: str) -> str:
    try:
        return to_fs_path(uri) or ""
    except Exception:
        return ""


@server.feature(types.INITIALIZE)
def initialize(ls: CtxLanguageServer, params: types.InitializeParams) -> None:
    ls.encoding = str(ls.workspace.position_encoding or convert.UTF16)
    caps = params.capabilities.text_document
    ls.pull = bool(caps is not None and caps.diagnostic is not None)
    if params.root_uri:
        ls.engines.workspace_root = _path(params.root_uri) or None
    ls.apply_editor_settings(params.initialization_options)


@server.feature(types.INITIALIZED)
async def initialized(ls: CtxLanguageServer, params: types.InitializedParams) -> None:
    await _pull_configuration(ls)


async def _pull_configuration(ls: CtxLanguageServer) -> bool:
    ws = ls.client_capabilities.workspace
    if ws is None or not ws.configuration:
        return False
    try:
        values = await ls.workspace_configuration_async(
            types.ConfigurationParams(items=[types.ConfigurationItem(section=settingslib.SECTION)])
        )
    except Exception as e:
        ls.log(types.MessageType.Warning, f"ctx-ls: workspace/configuration failed: {e}")
        return False
    if values and values[0] is not None:
        ls.apply_editor_settings(values[0])
        return True
    return False


@server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
async def did_change_configuration(ls: CtxLanguageServer, params: types.DidChangeConfigurationParams) -> None:
    if not await _pull_configuration(ls) and params.settings is not None:
        ls.apply_editor_settings(params.settings)
    ls.reanalyse_all()


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: CtxLanguageServer, params: types.DidOpenTextDocumentParams) -> None:
    item = params.text_document
    ls.forget(item.uri)
    doc = ls.store.open(item.uri, _path(item.uri), item.version, item.text)
    ls.schedule(doc)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: CtxLanguageServer, params: types.DidChangeTextDocumentParams) -> None:
    doc = ls.document(params.text_document.uri)
    if doc is None:
        return
    for change in params.content_changes:
        doc.apply(change, ls.encoding)
    doc.version = params.text_document.version
    ls.schedule(doc)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: CtxLanguageServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.store.close(uri)
    ls.forget(uri)
    if not ls.pull:
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: CtxLanguageServer, params: types.DidSaveTextDocumentParams) -> None:
    # Saving can change what other open files see through the package index.
    for doc in ls.store:
        if doc.uri != params.text_document.uri:
            ls.invalidate(doc)


@server.feature(types.TEXT_DOCUMENT_DIAGNOSTIC, types.DiagnosticOptions(
    identifier="ctx-ls", inter_file_dependencies=True, workspace_diagnostics=True))
async def pull_diagnostics(ls: CtxLanguageServer, params: types.DocumentDiagnosticParams):
    result = await ls.current_result(params.text_document.uri)
    items = result.lsp if result is not None else []
    return types.RelatedFullDocumentDiagnosticReport(items=items, result_id=str(result.version) if result else None)


@server.feature(types.WORKSPACE_DIAGNOSTIC)
async def workspace_diagnostics(ls: CtxLanguageServer, params: types.WorkspaceDiagnosticParams):
    reports = []
    for doc in ls.store:
        result = await ls.current_result(doc.uri)
        if result is not None:
            reports.append(types.WorkspaceFullDocumentDiagnosticReport(
                uri=doc.uri, version=result.version, items=result.lsp, result_id=str(result.version)))
    return types.WorkspaceDiagnosticReport(items=reports)


@server.feature(types.TEXT_DOCUMENT_HOVER)
async def on_hover(ls: CtxLanguageServer, params: types.HoverParams):
    result = await ls.current_result(params.text_document.uri)
    doc = ls.store.get(params.text_document.uri)
    if result is None or doc is None:
        return None
    _, options, module = ls.context_for(doc)
    return hover.hover(result, params.position, ls.encoding, module, options)


@server.feature(types.TEXT_DOCUMENT_INLAY_HINT, types.InlayHintOptions(resolve_provider=False))
async def on_inlay_hint(ls: CtxLanguageServer, params: types.InlayHintParams):
    if not ls.editor.inlay_hints:
        return []
    result = await ls.current_result(params.text_document.uri)
    doc = ls.store.get(params.text_document.uri)
    if result is None or doc is None:
        return []
    _, options, module = ls.context_for(doc)
    return inlay_hints.inlay_hints(result, params.range, ls.encoding, module, options)


@server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
    code_action_kinds=[types.CodeActionKind.QuickFix, code_actions.FIX_ALL, code_actions.TRACE]))
async def on_code_action(ls: CtxLanguageServer, params: types.CodeActionParams):
    doc = ls.store.get(params.text_document.uri)
    if doc is None:
        return []
    rewrite = code_actions.wants_rewrite(params)
    result = await ls.current_result(doc.uri) if code_actions.wants_fix_all(params) or rewrite else None
    actions = code_actions.actions(params, doc.version, result)
    if rewrite and result is not None and result.version == doc.version:
        _, options, module = ls.context_for(doc)
        trace = code_actions.trace_action(params, result, module, options)
        if trace is not None:
            actions.append(trace)
    return actions


def _tune_gc() -> None:
    """The modules, rule tables and protocol types loaded by now live as long as the server:
    frozen, they are no longer walked by every full collection (40 ms each in a server with
    a few large buffers open, in the middle of an analysis). Analyses allocate many
    short-lived containers (nodes, query matches, keys): a young collection every 10,000
    allocations rather than 700 spends less time scanning them, for little more memory."""
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)


def main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(prog="ctx-ls serve", description="Run the ctx-ls language server.")
    ap.add_argument("--stdio", action="store_true", help="talk over stdin/stdout (the default)")
    ap.add_argument("--tcp", metavar="HOST:PORT", help="listen on a TCP port instead (for debugging)")
    ap.add_argument("--log-level", default="WARNING", help="stderr logging level (default: WARNING)")
    args = ap.parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), stream=sys.stderr)
    sys.setswitchinterval(0.001)  # hand the GIL to the event loop often while analysing
    _tune_gc()
    if args.tcp:
        host, _, port = args.tcp.rpartition(":")
        server.start_tcp(host or "127.0.0.1", int(port))
    else:
        server.start_io()
    return 0
