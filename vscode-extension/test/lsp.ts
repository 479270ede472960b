// A minimal LSP client for the end-to-end tests: starts the real Python server on stdio.
import { ChildProcess, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import * as path from 'node:path';
import {
    ConfigurationParams, ConfigurationRequest, createProtocolConnection, LogMessageNotification, LogMessageParams,
    ProtocolConnection, PublishDiagnosticsNotification, PublishDiagnosticsParams, RegistrationRequest,
    ShowMessageNotification, ShowMessageParams, StreamMessageReader, StreamMessageWriter, UnregistrationRequest,
    WorkDoneProgressCreateRequest,
} from 'vscode-languageserver-protocol/node';
import { repoRoot } from './paths';

export interface Server {
    conn: ProtocolConnection;
    proc: ChildProcess;
    shown: ShowMessageParams[];
    logs: LogMessageParams[];
    published: PublishDiagnosticsParams[];
    stderr: () => string;
    /** The first publishDiagnostics for `uri` that `accept` accepts (already received or next). */
    diagnostics(uri: string, accept?: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams>;
    exited: Promise<number | null>;
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Starts `<python> -m ctx_ls serve` (python from CTXLS_PYTHON, else python3) from this
 * repository's working copy, answering `workspace/configuration` with `configuration`. */
export function startServer(configuration: (params: ConfigurationParams) => unknown[]): Server {
    const python = process.env.CTXLS_PYTHON || 'python3';
    const pythonPath = [repoRoot, process.env.PYTHONPATH].filter(Boolean).join(path.delimiter);
    const proc = spawn(python, ['-m', 'ctx_ls', 'serve'], {
        cwd: repoRoot, env: { ...process.env, PYTHONPATH: pythonPath }, stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    proc.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve, reject) => {
        proc.on('exit', (code) => resolve(code));
        proc.on('error', (e) => reject(new Error(`cannot run ${python}: ${e.message}`)));
    });
    exited.catch(() => undefined); // reported by whoever awaits it

    const conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    const events = new EventEmitter();
    const server: Server = {
        conn, proc, shown: [], logs: [], published: [], exited, stderr: () => stderr,
        diagnostics(uri, accept = () => true) {
            const match = (p: PublishDiagnosticsParams) => p.uri === uri && accept(p);
            const seen = server.published.find(match);
            if (seen !== undefined) {
                return Promise.resolve(seen);
            }
            return new Promise((resolve) => {
                const listener = (p: PublishDiagnosticsParams) => {
                    if (match(p)) {
                        events.off('publish', listener);
                        resolve(p);
                    }
                };
                events.on('publish', listener);
            });
        },
    };
    conn.onRequest(ConfigurationRequest.type, (params) => configuration(params));
    conn.onRequest(RegistrationRequest.type, () => undefined);
    conn.onRequest(UnregistrationRequest.type, () => undefined);
    conn.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
    conn.onNotification(ShowMessageNotification.type, (m) => void server.shown.push(m));
    conn.onNotification(LogMessageNotification.type, (m) => void server.logs.push(m));
    conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
        server.published.push(p);
        events.emit('publish', p);
    });
    conn.listen();
    return server;
}
