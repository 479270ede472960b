// Launch-option resolution: settings + environment -> how to start `ctx-ls serve`.
// Pure apart from file-system look-ups; no `vscode` import, so plain Node tests can run it.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface LaunchInput {
    serverPath: string;
    pythonPath: string;
    serverArgs: string[];
    env?: NodeJS.ProcessEnv;
    platform?: NodeJS.Platform;
    /** The first workspace folder: the server's cwd, `${workspaceFolder}` and base of relative paths. */
    workspaceFolder?: string;
    home?: string;
}

export interface LaunchOptions {
    cwd?: string;
    env: NodeJS.ProcessEnv;
    shell?: boolean;
}

export type Launch =
    | { found: true; command: string; args: string[]; options: LaunchOptions }
    | { found: false; setting: string; message: string };

const DEFAULT_PATHEXT = '.COM;.EXE;.BAT;.CMD';

/** An environment variable, looked up case-insensitively on Windows (`Path`, `PATHEXT`). */
export function envValue(env: NodeJS.ProcessEnv, name: string, platform: NodeJS.Platform): string | undefined {
    if (platform !== 'win32') {
        return env[name];
    }
    const key = Object.keys(env).find((k) => k.toUpperCase() === name.toUpperCase());
    return key === undefined ? undefined : env[key];
}

/** `~`, `${userHome}`, `${workspaceFolder}` and `${env:NAME}` in a path setting. */
export function expand(value: string, input: LaunchInput): string {
    const env = input.env ?? process.env;
    const platform = input.platform ?? process.platform;
    const home = input.home ?? envValue(env, platform === 'win32' ? 'USERPROFILE' : 'HOME', platform) ?? '';
    return value
        .replace(/^~(?=$|[\\/])/, home)
        .replace(/\$\{userHome\}/g, home)
        .replace(/\$\{workspaceFolder\}/g, input.workspaceFolder ?? '')
        .replace(/\$\{env:([^}]+)\}/g, (_, name: string) => envValue(env, name, platform) ?? '');
}

function usable(file: string, platform: NodeJS.Platform): boolean {
    try {
        if (!fs.statSync(file).isFile()) {
            return false;
        }
        // Windows has no execute bit: an existing file with a PATHEXT extension runs.
        fs.accessSync(file, platform === 'win32' ? fs.constants.F_OK : fs.constants.X_OK);
        return true;
    } catch {
        return false;
    }
}

/** Finds `name` the way a shell would: a path as given, a bare name on PATH (with PATHEXT on
 * Windows). `platform` picks the PATH delimiter, PATHEXT and env-name rules; files are joined
 * with the host's `path`, so tests can simulate Windows on any machine. */
export function findExecutable(name: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform, base?: string): string | undefined {
    let names = [name];
    if (platform === 'win32') {
        const exts = (envValue(env, 'PATHEXT', platform) || DEFAULT_PATHEXT).split(';').filter((e) => e !== '');
        const known = exts.some((e) => name.toUpperCase().endsWith(e.toUpperCase()));
        names = known ? [name] : [...new Set(exts.flatMap((e) => [name + e, name + e.toLowerCase()]))];
    }
    if (name.includes('/') || (platform === 'win32' && name.includes('\\'))) {
        const file = path.isAbsolute(name) || base === undefined ? path.normalize(name) : path.join(base, name);
        return names.map((n) => file + n.slice(name.length)).find((f) => usable(f, platform));
    }
    const dirs = (envValue(env, 'PATH', platform) ?? '').split(platform === 'win32' ? ';' : ':')
        .map((d) => d.replace(/^"(.*)"$/, '$1'))
        .filter((d) => d !== '');
    for (const dir of dirs) {
        const found = names.map((n) => path.join(dir, n)).find((f) => usable(f, platform));
        if (found !== undefined) {
            return found;
        }
    }
    return undefined;
}

function quote(arg: string): string {
    return /[\s"]/.test(arg) ? `"${arg.replace(/"/g, '\\"')}"` : arg;
}

/** How to start the server. `pythonPath` wins over `serverPath`; "not found" is a result. */
export function resolveLaunch(input: LaunchInput): Launch {
    const env = input.env ?? process.env;
    const platform = input.platform ?? process.platform;
    const python = expand(input.pythonPath.trim(), input);
    const setting = python !== '' ? 'ctxLs.server.pythonPath' : 'ctxLs.server.path';
    const wanted = python !== '' ? python : expand(input.serverPath.trim() || 'ctx-ls', input);
    const command = findExecutable(wanted, env, platform, input.workspaceFolder);
    if (command === undefined) {
        const where = /[\\/]/.test(wanted) ? 'does not exist or is not executable' : 'was not found on PATH';
        const what = python !== '' ? `Python interpreter "${wanted}"` : `"${wanted}"`;
        return { found: false, setting, message: `${what} (${setting}) ${where}` };
    }
    let args = [...(python !== '' ? ['-m', 'ctx_ls'] : []), 'serve', ...input.serverArgs];
    const options: LaunchOptions = { env };
    if (input.workspaceFolder) {
        options.cwd = input.workspaceFolder;
    }
    // Node refuses to spawn .bat/.cmd files without a shell; the shell needs quoting then.
    if (platform === 'win32' && /\.(bat|cmd)$/i.test(command)) {
        options.shell = true;
        args = args.map(quote);
        return { found: true, command: quote(command), args, options };
    }
    return { found: true, command, args, options };
}

/** The command line of a launch, for the output channel and the status bar tooltip. */
export function commandLine(launch: Launch): string {
    return launch.found ? [launch.command, ...launch.args].map((a) => (/\s/.test(a) && !a.startsWith('"') ? `"${a}"` : a)).join(' ') : '';
}
