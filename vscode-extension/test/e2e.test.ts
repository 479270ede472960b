// End to end: the real Python server, driven over stdio by a Node LSP client the way the
// extension's vscode-languageclient drives it (push diagnostics, then pull as VS Code does).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
    ClientCapabilities, CodeAction, CodeActionRequest, Diagnostic, DidOpenTextDocumentNotification,
    DocumentDiagnosticReportKind, DocumentDiagnosticRequest, ExitNotification, FullDocumentDiagnosticReport,
    InitializedNotification, InitializeRequest, MessageType, ShutdownRequest,
} from 'vscode-languageserver-protocol/node';
import { initializationOptions, narrowSection, readSettings } from '../src/settings';
import { repoRoot } from './paths';
import { Server, startServer, withTimeout } from './lsp';

const fixture = path.join(repoRoot, 'tests', 'testdata', 'lost-cancel', 'basic.go');
const text = fs.readFileSync(fixture, 'utf8');
const uri = pathToFileURL(fixture).toString();
/** 0-based lines annotated `// want "lost-cancel"`: where the diagnostics must start. */
const wanted = new Set(text.split('\n').flatMap((line, i) => (line.includes('// want "lost-cancel"') ? [i] : [])));

const capabilities = (pull: boolean): ClientCapabilities => ({
    general: { positionEncodings: ['utf-16'] },
    workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
    textDocument: {
        publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
        codeAction: { dataSupport: true, codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } },
        ...(pull ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
    },
});

let server: Server | undefined;
afterEach(() => {
    if (server && server.proc.exitCode === null && server.proc.signalCode === null) {
        server.proc.kill();
    }
    server = undefined;
});

async function open(s: Server, pull: boolean, options: unknown): Promise<void> {
    const init = s.conn.sendRequest(InitializeRequest.type, {
        processId: process.pid, rootUri: pathToFileURL(repoRoot).toString(), capabilities: capabilities(pull),
        initializationOptions: options, workspaceFolders: [{ uri: pathToFileURL(repoRoot).toString(), name: 'ctx-ls' }],
    });
    const result = await withTimeout(Promise.race([init, s.exited.then(() => Promise.reject(new Error(s.stderr())))]), 30_000, 'initialize');
    assert.equal(result.capabilities.positionEncoding ?? 'utf-16', 'utf-16');
    await s.conn.sendNotification(InitializedNotification.type, {});
    await s.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'go', version: 1, text } });
}

function startLines(diagnostics: Diagnostic[]): Set<number> {
    return new Set(diagnostics.filter((d) => d.code === 'lost-cancel').map((d) => d.range.start.line));
}

async function quit(s: Server): Promise<void> {
    await withTimeout(s.conn.sendRequest(ShutdownRequest.type), 10_000, 'shutdown');
    await s.conn.sendNotification(ExitNotification.type);
    assert.equal(await withTimeout(s.exited, 10_000, 'the server process to exit'), 0);
    s.conn.dispose();
}

describe('ctx-ls serve, end to end', { timeout: 90_000 }, () => {
    test('push: diagnostics on the annotated lines, quick fixes, clean exit', async () => {
        const s = (server = startServer((params) => params.items.map(() => ({}))));
        await open(s, false, initializationOptions(readSettings(() => undefined)));
        const published = await withTimeout(s.diagnostics(uri, (p) => p.diagnostics.length > 0), 30_000, 'publishDiagnostics');
        assert.ok(wanted.size > 0);
        assert.deepEqual(startLines(published.diagnostics), wanted);
        assert.ok(published.diagnostics.every((d) => d.source === 'ctx-ls'));

        const diag = published.diagnostics.find((d) => d.code === 'lost-cancel')!;
        assert.ok(diag.data !== undefined, 'the diagnostic carries its fixes in data');
        const actions = (await withTimeout(s.conn.sendRequest(CodeActionRequest.type, {
            textDocument: { uri }, range: diag.range, context: { diagnostics: [diag] },
        }), 10_000, 'codeAction')) as CodeAction[];
        assert.ok(actions.some((a) => a.title === 'Ignore lost-cancel on this line'), JSON.stringify(actions.map((a) => a.title)));
        assert.ok(actions.some((a) => a.kind === 'quickfix'));
        assert.deepEqual(s.shown.filter((m) => m.type <= MessageType.Warning), [], 'no error or warning popups');
        await quit(s);
    });

    test('pull, as VS Code asks: the narrowed ctxLs section is accepted and applied', async () => {
        const section = {
            server: { path: 'ctx-ls', pythonPath: '', args: [] }, trace: { server: 'off' },
            select: [], ignore: [], severity: { 'lost-cancel': 'error' }, inlayHints: { effectiveDeadline: true },
        };
        const s = (server = startServer((params) => params.items.map((item) => (item.section === 'ctxLs' ? narrowSection(section) : null))));
        await open(s, true, { ctxLs: narrowSection(section) });
        const report = (await withTimeout(s.conn.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } }), 30_000, 'textDocument/diagnostic')) as FullDocumentDiagnosticReport;
        assert.equal(report.kind, DocumentDiagnosticReportKind.Full);
        assert.deepEqual(startLines(report.items), wanted);
        assert.ok(report.items.every((d) => d.code !== 'lost-cancel' || d.severity === 1), 'ctxLs.severity reached the server');
        assert.deepEqual(s.shown.filter((m) => m.type <= MessageType.Warning), [], 'no "unknown setting" warnings');
        assert.deepEqual(s.published.filter((p) => p.diagnostics.length > 0), [], 'pull clients get no pushed diagnostics');
        await quit(s);
    });
});
