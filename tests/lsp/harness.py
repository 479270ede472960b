"""Starting the real server as a subprocess and talking to it as an editor would."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from pathlib import Path

from lsprotocol import types
from pygls.uris import from_fs_path
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from ctx_ls.analysis.source import LineIndex
from ctx_ls.lsp import convert

SERVER = [sys.executable, "-m", "ctx_ls", "serve"]
ROOT = Path(__file__).resolve().parents[2]
TESTDATA = ROOT / "tests" / "testdata"


def _publish(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
    client.diagnostics[params.uri] = params.diagnostics
    client.published.append(params)


def make_client() -> LanguageClient:
    from pytest_lsp.client import default_converter

    client = LanguageClient(converter_factory=default_converter)
    features = dict(DEFAULT_CLIENT_FEATURES)
    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = _publish
    register_lsp_features(client, features)
    client.published = []
    return client


def capabilities(encodings: list[str] | None = None, pull: bool = False, configuration: bool = True) -> types.ClientCapabilities:
    return types.ClientCapabilities(
        general=types.GeneralClientCapabilities(position_encodings=encodings) if encodings else None,
        text_document=types.TextDocumentClientCapabilities(
            synchronization=types.TextDocumentSyncClientCapabilities(did_save=True),
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(
                related_information=True, version_support=True, code_description_support=True, data_support=True),
            diagnostic=types.DiagnosticClientCapabilities() if pull else None,
            hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
            code_action=types.CodeActionClientCapabilities(data_support=True),
        ),
        workspace=types.WorkspaceClientCapabilities(
            configuration=configuration,
            did_change_configuration=types.DidChangeConfigurationClientCapabilities(dynamic_registration=False),
            diagnostics=types.DiagnosticWorkspaceClientCapabilities(refresh_support=True) if pull else None,
        ),
    )


@contextlib.asynccontextmanager
async def session(caps: types.ClientCapabilities | None = None, init_options=None, root: Path | None = None,
                  configuration: dict | None = None):
    client = await ClientServerConfig(server_command=SERVER, client_factory=make_client).start()
    if configuration is not None:
        client.set_configuration(configuration)
    try:
        result = await client.initialize_session(types.InitializeParams(
            capabilities=caps or capabilities(),
            root_uri=from_fs_path(str(root or ROOT)),
            initialization_options=init_options,
        ))
        client.init_result = result
        yield client
    finally:
        await client.shutdown_session()


def uri_of(path: Path | str) -> str:
    return from_fs_path(str(path))


def open_doc(client: LanguageClient, path: Path, text: str | None = None, version: int = 1) -> str:
    uri = uri_of(path)
    if text is None:
        text = path.read_bytes().decode("utf-8")
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(uri=uri, language_id="go", version=version, text=text)))
    return uri


async def published(client: LanguageClient, uri: str, version: int, timeout: float = 20.0) -> list[types.Diagnostic]:
    """The diagnostics published for exactly this version of the document."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        for p in reversed(client.published):
            if p.uri == uri and p.version == version:
                return list(p.diagnostics)
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"no diagnostics for {uri} version {version}; got {[(p.uri, p.version) for p in client.published]}")
        await asyncio.sleep(0.02)


def expected(path: Path | str, text: bytes, encoding: str = convert.UTF16):
    """What the CLI's analysis (config discovery included) finds, in LSP coordinates."""
    from ctx_ls.project import Analyzer, Settings

    lines = LineIndex(text)
    out = []
    for d in Analyzer(Settings()).analyse(str(path), text).diagnostics:
        r = convert.to_range(text, lines, d.span, encoding)
        out.append((r.start.line, r.start.character, r.end.line, r.end.character, d.rule_id, d.message))
    return sorted(out)


def got(diags: list[types.Diagnostic]):
    return sorted((d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character,
                   d.code, d.message) for d in diags)


def fixture_paths() -> list[Path]:
    return sorted(p for p in TESTDATA.rglob("*.go"))


os.environ.setdefault("PYTHONUNBUFFERED", "1")
