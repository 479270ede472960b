"""Code actions: the fixes that ride in each diagnostic's `data` (no re-analysis), "ignore
this rule on this line", and `source.fixAll.ctx-ls` (all safe fixes of a document)."""

from __future__ import annotations

from lsprotocol import types

from ctx_ls.analysis import fixes as fixlib
from ctx_ls.lsp import convert
from ctx_ls.lsp.diagnostics import SOURCE, Result

FIX_ALL = "source.fixAll.ctx-ls"


def _range(raw: dict) -> types.Range:
    s, e = raw["start"], raw["end"]
    return types.Range(types.Position(s["line"], s["character"]), types.Position(e["line"], e["character"]))


def _edit(uri: str, version: int, edits: list[types.TextEdit]) -> types.WorkspaceEdit:
    return types.WorkspaceEdit(document_changes=[
        types.TextDocumentEdit(types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version), edits)
    ])


def _allowed(params: types.CodeActionParams, kind: str) -> bool:
    only = params.context.only
    return not only or any(kind == k or kind.startswith(str(k) + ".") for k in only)


def wants_fix_all(params: types.CodeActionParams) -> bool:
    only = params.context.only
    return bool(only) and _allowed(params, FIX_ALL)


def actions(params: types.CodeActionParams, version: int, result: Result | None) -> list[types.CodeAction]:
    uri = params.text_document.uri
    out: list[types.CodeAction] = []
    if _allowed(params, types.CodeActionKind.QuickFix):
        for diag in params.context.diagnostics:
            data = diag.data if isinstance(diag.data, dict) else None
            if diag.source != SOURCE or data is None or data.get("version") != version:
                continue  # not ours, or computed for text that has changed since
            for i, fix in enumerate(data.get("fixes", [])):
                edits = [types.TextEdit(_range(e["range"]), e["newText"]) for e in fix["edits"]]
                out.append(types.CodeAction(
                    title=fix["title"], kind=types.CodeActionKind.QuickFix, diagnostics=[diag],
                    is_preferred=bool(fix["safe"]) and i == 0, edit=_edit(uri, version, edits)))
            ignore = data.get("ignore")
            if ignore:
                out.append(types.CodeAction(
                    title=f"Ignore {data['rule']} on this line", kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diag],
                    edit=_edit(uri, version, [types.TextEdit(_range(ignore["range"]), ignore["newText"])])))
    if result is not None and wants_fix_all(params):
        chosen = fixlib.choose(fixlib.safe_fixes(result.diagnostics))
        if chosen:
            edits = [
                types.TextEdit(convert.to_range(result.text, result.lines, e.span, result.encoding), e.new_text)
                for f in chosen for e in f.edits
            ]
            out.append(types.CodeAction(title="Apply all safe ctx-ls fixes", kind=FIX_ALL,
                                        edit=_edit(uri, result.version, _dedupe(edits))))
    return out


def _dedupe(edits: list[types.TextEdit]) -> list[types.TextEdit]:
    seen, out = set(), []
    for e in edits:
        key = (e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character, e.new_text)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out
