// Reads the `ctxLs.*` settings into a typed object and builds what the server receives.
// Pure: no `vscode` import, so plain Node tests can run it with a fake `get`.

/** Reads one setting by its key under `ctxLs` (e.g. `server.path`); undefined when unset. */
export type Get = (key: string) => unknown;

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type Trace = 'off' | 'messages' | 'verbose';

export const SECTION = 'ctxLs';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'hint'];
const TRACES: readonly Trace[] = ['off', 'messages', 'verbose'];

export interface Settings {
    serverPath: string;
    pythonPath: string;
    serverArgs: string[];
    trace: Trace;
    select: string[];
    ignore: string[];
    severity: Record<string, Severity>;
    effectiveDeadline: boolean;
}

/** The settings the server understands: exactly the keys of its `ctxLs` section. */
export interface ServerSettings {
    select: string[];
    ignore: string[];
    severity: Record<string, Severity>;
    inlayHints: { effectiveDeadline: boolean };
}

export interface InitializationOptions {
    ctxLs: ServerSettings;
}

function str(value: unknown, fallback: string): string {
    return typeof value === 'string' ? value.trim() : fallback;
}

function strings(value: unknown): string[] {
    if (typeof value === 'string') {
        value = [value];
    }
    if (!Array.isArray(value)) {
        return [];
    }
    return value.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim());
}

function severities(value: unknown): Record<string, Severity> {
    const out: Record<string, Severity> = {};
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        return out;
    }
    for (const [rule, level] of Object.entries(value as Record<string, unknown>)) {
        if (typeof level === 'string' && (SEVERITIES as readonly string[]).includes(level)) {
            out[rule] = level as Severity;
        }
    }
    return out;
}

/** Every `ctxLs.*` setting, with wrong types replaced by the defaults (never throws). */
export function readSettings(get: Get): Settings {
    const trace = get('trace.server');
    const deadline = get('inlayHints.effectiveDeadline');
    return {
        serverPath: str(get('server.path'), 'ctx-ls') || 'ctx-ls',
        pythonPath: str(get('server.pythonPath'), ''),
        serverArgs: Array.isArray(get('server.args'))
            ? (get('server.args') as unknown[]).filter((a): a is string => typeof a === 'string')
            : [],
        trace: TRACES.includes(trace as Trace) ? (trace as Trace) : 'off',
        select: strings(get('select')),
        ignore: strings(get('ignore')),
        severity: severities(get('severity')),
        effectiveDeadline: typeof deadline === 'boolean' ? deadline : true,
    };
}

export function serverSettings(s: Settings): ServerSettings {
    return {
        select: [...s.select],
        ignore: [...s.ignore],
        severity: { ...s.severity },
        inlayHints: { effectiveDeadline: s.effectiveDeadline },
    };
}

/** `initializationOptions` for `initialize`: `{ ctxLs: { select, ignore, severity, inlayHints } }`. */
export function initializationOptions(s: Settings): InitializationOptions {
    return { [SECTION]: serverSettings(s) } as InitializationOptions;
}

/** A `get` over a nested settings object, as VS Code returns the `ctxLs` section. */
export function getFrom(section: unknown): Get {
    return (key) => {
        let node: unknown = section;
        for (const part of key.split('.')) {
            if (node === null || typeof node !== 'object') {
                return undefined;
            }
            node = (node as Record<string, unknown>)[part];
        }
        return node;
    };
}

/** The `ctxLs` section VS Code would answer to `workspace/configuration`, narrowed to the
 * server's keys: `server.*` and `trace.*` belong to the client and the server would
 * report them as unknown settings. */
export function narrowSection(section: unknown): ServerSettings {
    return serverSettings(readSettings(getFrom(section)));
}

/** Whether a configuration change needs a new server process (launch settings changed). */
export function needsRestart(affects: (section: string) => boolean): boolean {
    return affects(`${SECTION}.server`);
}
