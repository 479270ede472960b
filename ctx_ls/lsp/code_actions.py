"""Code actions: the fixes that ride in each diagnostic's `data` (no re-analysis), "ignore
this rule on this line", and `source.fixAll.ctx-ls` (all safe fixes of a document)."""

from __future__ import annotations

from lsprotocol import types

from ctx_ls.analysis import fixes as fixlib
from ctx_ls.lsp import convert
from ctx_ls.lsp.diagnostics import SOURCE, Result

FIX_ALL = "source.fixAll.ctx-ls"
TRACE = types.CodeActionKind.RefactorRewrite


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


def wants_rewrite(params: types.CodeActionParams) -> bool:
    return _allowed(params, TRACE)


def trace_action(params: types.CodeActionParams, result: Result, module, options) -> types.CodeAction | None:
    """"Trace context lifecycle with runtime/trace" for the function around the cursor."""
    from ctx_ls.analysis.facts import FileFacts
    from ctx_ls.analysis.scopes import top_level
    from ctx_ls.analysis.source import SourceFile
    from ctx_ls.analysis.trace_rewrite import function_at, rewrite

    if result.tree is None:
        return None
    source = SourceFile(result.uri, result.text, result.tree, result.lines)
    at = convert.offset(result.text, result.lines, params.range.start, result.encoding)
    probe = FileFacts(source, module, options)
    fn = function_at(probe, at)
    if fn is None:
        return None
    facts = FileFacts(source, module, options, roots=(top_level(fn),))  # index one declaration only
    fix = rewrite(facts, fn)
    if fix is None:
        return None
    edits = [types.TextEdit(convert.to_range(result.text, result.lines, e.span, result.encoding), e.new_text)
             for e in fix.edits]
    return types.CodeAction(title=fix.title, kind=TRACE, edit=_edit(params.text_document.uri, result.version, edits))


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
