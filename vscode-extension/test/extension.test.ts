// The built bundle (dist/extension.js) activated against a stub `vscode` module: only the
// path where the server is missing, which never constructs a LanguageClient.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { extensionDir } from './paths';

type Listener = (e: { affectsConfiguration(section: string): boolean }) => void;
const config: Record<string, unknown> = { 'server.path': '/nonexistent/ctx-ls' };
const warnings: { message: string; items: string[] }[] = [];
const executed: unknown[][] = [];
const errors: string[] = [];
const commands = new Map<string, () => Promise<void>>();
const listeners: Listener[] = [];
const status = { text: '', tooltip: '', name: '', command: '', backgroundColor: undefined as unknown, show() {}, dispose() {} };
const disposable = { dispose() {} };

const fake: Record<string, unknown> = {
    __esModule: true, // taken as is by the bundle's import helpers, so the Proxy below answers
    window: {
        createOutputChannel: () => ({ info() {}, warn() {}, error: (m: string) => errors.push(m), show() {}, dispose() {} }),
        createStatusBarItem: () => status,
        showWarningMessage: (message: string, ...items: string[]) => {
            warnings.push({ message, items });
            return Promise.resolve('Open Setting');
        },
    },
    commands: {
        registerCommand: (id: string, fn: () => Promise<void>) => (commands.set(id, fn), disposable),
        executeCommand: (...args: unknown[]) => (executed.push(args), Promise.resolve()),
    },
    workspace: {
        getConfiguration: () => ({ get: (key: string) => config[key] }),
        workspaceFolders: undefined,
        onDidChangeConfiguration: (fn: Listener) => (listeners.push(fn), disposable),
    },
    StatusBarAlignment: { Left: 1, Right: 2 },
    ThemeColor: class { constructor(readonly id: string) {} },
};
// vscode-languageclient subclasses some vscode classes at load time: any other capitalised
// name is an empty class.
const stub = new Proxy(fake, {
    get: (target, key) => (typeof key === 'string' && key in target ? target[key] : typeof key === 'string' && /^[A-Z]/.test(key) ? class {} : undefined),
});
const Module = require('node:module') as { _load: (request: string, ...rest: unknown[]) => unknown };
const load = Module._load;
Module._load = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? stub : load.call(this, request, ...rest);
};
const extension = require(path.join(extensionDir, 'dist', 'extension.js')) as {
    activate(context: { subscriptions: unknown[] }): void;
    deactivate(): Promise<void>;
};

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the extension bundle, server missing', () => {
    test('one notification per session, the status shows the error, the button opens the setting', async () => {
        const context = { subscriptions: [] as unknown[] };
        extension.activate(context);
        assert.deepEqual([...commands.keys()].sort(), ['ctxLs.restartServer', 'ctxLs.showOutput']);
        await commands.get('ctxLs.restartServer')!();
        listeners.forEach((fn) => fn({ affectsConfiguration: (s) => 'ctxLs.server.path'.startsWith(s) }));
        config['server.pythonPath'] = '/nonexistent/python3';
        await commands.get('ctxLs.restartServer')!();
        await settle();

        assert.equal(warnings.length, 1, 'no repeated popups');
        assert.match(warnings[0].message, /pip install ctx-ls/);
        assert.match(warnings[0].message, /"\/nonexistent\/ctx-ls" \(ctxLs\.server\.path\) does not exist/);
        assert.deepEqual(warnings[0].items, ['Open Setting']);
        assert.deepEqual(executed, [['workbench.action.openSettings', 'ctxLs.server.path']]);
        assert.ok(errors.length >= 4, 'every failed start is logged');
        assert.match(errors.at(-1)!, /Python interpreter "\/nonexistent\/python3" \(ctxLs\.server\.pythonPath\)/);
        assert.match(status.text, /^\$\(error\) ctx-ls$/);
        assert.match(status.tooltip, /ctxLs\.server\.pythonPath/);
        assert.equal(status.command, 'ctxLs.showOutput');
        assert.ok(context.subscriptions.length >= 5);
        await extension.deactivate();
    });
});
