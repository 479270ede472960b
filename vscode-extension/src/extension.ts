// Activation and wiring only: settings come from settings.ts, the launch from server.ts.
import * as vscode from 'vscode';
import { DidChangeConfigurationNotification, LanguageClient, LanguageClientOptions, State } from 'vscode-languageclient/node';
import { commandLine, Launch, resolveLaunch } from './server';
import { initializationOptions, narrowSection, needsRestart, readSettings, SECTION, Settings } from './settings';

type ServerState = 'starting' | 'running' | 'stopped' | 'error';
const ICONS = { starting: '$(sync~spin)', running: '$(check)', stopped: '$(circle-slash)', error: '$(error)' };

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel;
let status: vscode.StatusBarItem;
let stopping = false;
let warnedMissing = false; // the "not found" notification is shown once per session
let queue: Promise<void> = Promise.resolve();

function settings(): Settings {
    const config = vscode.workspace.getConfiguration(SECTION);
    return readSettings((key) => config.get(key));
}

function describe(e: unknown): string {
    return e instanceof Error ? e.message : String(e);
}

function showState(state: ServerState, detail: string): void {
    status.text = `${ICONS[state]} ctx-ls`;
    status.tooltip = `ctx-ls: ${state}${detail ? ` — ${detail}` : ''}\nClick to show the output.`;
    status.backgroundColor = state === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
}

function warnMissing(launch: Extract<Launch, { found: false }>): void {
    const message = `${launch.message}. Install it with \`pip install ctx-ls\`, or set ${launch.setting}; then run "ctx-ls: Restart Server".`;
    output.error(message);
    if (warnedMissing) {
        return;
    }
    warnedMissing = true;
    void vscode.window.showWarningMessage(`ctx-ls: ${message}`, 'Open Setting').then((choice) => {
        if (choice === 'Open Setting') {
            void vscode.commands.executeCommand('workbench.action.openSettings', launch.setting);
        }
    });
}

function clientOptions(): LanguageClientOptions {
    return {
        documentSelector: [{ scheme: 'file', language: 'go' }, { scheme: 'untitled', language: 'go' }],
        outputChannel: output,
        initializationOptions: () => initializationOptions(settings()),
        synchronize: { configurationSection: SECTION },
        middleware: {
            workspace: {
                // VS Code answers with the whole section; the server knows only its own keys.
                configuration: async (params, token, next) => {
                    const values = await next(params, token);
                    return !Array.isArray(values) ? values : params.items.map((item, i) => (item.section === SECTION ? narrowSection(values[i]) : values[i]));
                },
                // The server pulls the section on this notification; the payload is its fallback.
                didChangeConfiguration: async () => client?.sendNotification(DidChangeConfigurationNotification.type, {
                    settings: initializationOptions(settings()),
                }),
            },
        },
    };
}

async function start(): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const launch = resolveLaunch({ ...settings(), workspaceFolder: folder });
    if (!launch.found) {
        showState('error', launch.message);
        warnMissing(launch);
        return;
    }
    const line = commandLine(launch);
    output.info(`Starting ${line}`);
    const server = { command: launch.command, args: launch.args, options: launch.options };
    const c = new LanguageClient(SECTION, 'ctx-ls', server, clientOptions());
    client = c;
    c.onDidChangeState(({ newState }) => newState !== State.Stopped
        ? showState(newState === State.Running ? 'running' : 'starting', line)
        : showState(stopping ? 'stopped' : 'error', stopping ? '' : `the server stopped, see the output (${line})`));
    showState('starting', line);
    try {
        await c.start();
    } catch (e) {
        output.error(`ctx-ls failed to start (${line}): ${describe(e)}`);
        showState('error', `failed to start: ${line}`);
    }
}

async function stop(): Promise<void> {
    const c = client;
    client = undefined;
    stopping = true;
    try {
        await c?.dispose(2000);
    } catch (e) {
        output.warn(`Stopping ctx-ls: ${describe(e)}`);
    } finally {
        stopping = false;
        showState('stopped', '');
    }
}

function restart(): Promise<void> {
    queue = queue.then(stop).then(start).catch((e) => output.error(`Restarting ctx-ls: ${describe(e)}`));
    return queue;
}

export function activate(context: vscode.ExtensionContext): void {
    output = vscode.window.createOutputChannel('ctx-ls', { log: true });
    status = vscode.window.createStatusBarItem('ctxLs.status', vscode.StatusBarAlignment.Right, 100);
    status.name = 'ctx-ls';
    status.command = 'ctxLs.showOutput';
    status.show();
    context.subscriptions.push(
        output,
        status,
        vscode.commands.registerCommand('ctxLs.restartServer', restart),
        vscode.commands.registerCommand('ctxLs.showOutput', () => output.show()),
        vscode.workspace.onDidChangeConfiguration((e) => {
            if (needsRestart((section) => e.affectsConfiguration(section))) {
                void restart();
            }
        }),
    );
    void restart();
}

export function deactivate(): Promise<void> {
    queue = queue.then(stop);
    return queue;
}
