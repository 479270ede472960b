// Launch-option resolution against fake PATHs in temp dirs (no VS Code).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { commandLine, expand, findExecutable, resolveLaunch } from '../src/server';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ctx-ls-launch-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

/** A directory holding the given files; `exec` files get mode 0755, the others 0644. */
function dir(name: string, files: Record<string, 'exec' | 'plain'>): string {
    const d = path.join(root, name);
    fs.mkdirSync(d, { recursive: true });
    for (const [file, kind] of Object.entries(files)) {
        fs.writeFileSync(path.join(d, file), '#!/bin/sh\nexit 0\n', { mode: kind === 'exec' ? 0o755 : 0o644 });
    }
    return d;
}

const bin = dir('bin', { 'ctx-ls': 'exec', python3: 'exec' });
const plain = dir('plain', { 'ctx-ls': 'plain' });
const empty = dir('empty', {});
const base = { serverPath: 'ctx-ls', pythonPath: '', serverArgs: [] as string[], platform: 'linux' as const };

describe('resolveLaunch on POSIX', () => {
    test('finds ctx-ls on PATH and runs `serve` with the extra args', () => {
        const launch = resolveLaunch({ ...base, serverArgs: ['--log', 'x y'], env: { PATH: `${empty}:${bin}` } });
        assert.ok(launch.found);
        assert.equal(launch.command, path.join(bin, 'ctx-ls'));
        assert.deepEqual(launch.args, ['serve', '--log', 'x y']);
        assert.equal(launch.options.shell, undefined);
        assert.equal(commandLine(launch), `${path.join(bin, 'ctx-ls')} serve --log "x y"`);
    });

    test('pythonPath wins over path and runs `-m ctx_ls serve`', () => {
        const launch = resolveLaunch({ ...base, serverPath: '/nowhere/ctx-ls', pythonPath: 'python3', serverArgs: ['-v'], env: { PATH: bin } });
        assert.ok(launch.found);
        assert.equal(launch.command, path.join(bin, 'python3'));
        assert.deepEqual(launch.args, ['-m', 'ctx_ls', 'serve', '-v']);
    });

    test('an absolute pythonPath is used as is', () => {
        const launch = resolveLaunch({ ...base, pythonPath: path.join(bin, 'python3'), env: { PATH: '' } });
        assert.ok(launch.found);
        assert.equal(launch.command, path.join(bin, 'python3'));
    });

    test('a file without the execute bit does not count', () => {
        const launch = resolveLaunch({ ...base, env: { PATH: plain } });
        assert.equal(launch.found, false);
    });

    test('not found is a result naming the setting, not an exception', () => {
        const launch = resolveLaunch({ ...base, env: { PATH: empty } });
        assert.deepEqual(launch, {
            found: false, setting: 'ctxLs.server.path', message: '"ctx-ls" (ctxLs.server.path) was not found on PATH',
        });
        const noPath = resolveLaunch({ ...base, env: {} });
        assert.equal(noPath.found, false);
    });

    test('a missing interpreter names ctxLs.server.pythonPath', () => {
        const launch = resolveLaunch({ ...base, pythonPath: '/no/such/python', env: { PATH: bin } });
        assert.ok(!launch.found);
        assert.equal(launch.setting, 'ctxLs.server.pythonPath');
        assert.match(launch.message, /Python interpreter "\/no\/such\/python".*does not exist or is not executable/);
    });

    test('a relative path resolves against the workspace folder, which is also the cwd', () => {
        const launch = resolveLaunch({ ...base, serverPath: './bin/ctx-ls', workspaceFolder: root, env: { PATH: '' } });
        assert.ok(launch.found);
        assert.equal(launch.command, path.join(bin, 'ctx-ls'));
        assert.equal(launch.options.cwd, root);
    });

    test('${workspaceFolder}, ${env:NAME} and ~ are expanded', () => {
        const input = { ...base, workspaceFolder: '/ws', home: '/home/me', env: { VENV: '/venv' } };
        assert.equal(expand('${workspaceFolder}/.venv/bin/python', input), '/ws/.venv/bin/python');
        assert.equal(expand('${env:VENV}/bin/ctx-ls', input), '/venv/bin/ctx-ls');
        assert.equal(expand('~/bin/ctx-ls', input), '/home/me/bin/ctx-ls');
        assert.equal(expand('a~b', input), 'a~b');
        const launch = resolveLaunch({ ...base, serverPath: '${env:BIN}/ctx-ls', env: { BIN: bin, PATH: '' } });
        assert.ok(launch.found);
        assert.equal(launch.command, path.join(bin, 'ctx-ls'));
    });
});

describe('resolveLaunch on Windows (simulated)', () => {
    const exe = dir('win-exe', { 'ctx-ls.exe': 'plain' });
    const cmd = dir('win cmd', { 'ctx-ls.CMD': 'plain' });
    const bare = dir('win-bare', { 'ctx-ls': 'exec' });

    test('PATHEXT extensions are tried, PATH is `;`-separated and its name case-insensitive', () => {
        const launch = resolveLaunch({ ...base, platform: 'win32', env: { Path: `${bare};${empty};${exe}`, PathExt: '.COM;.EXE' } });
        assert.ok(launch.found);
        assert.equal(launch.command, path.join(exe, 'ctx-ls.exe'));
        assert.equal(launch.options.shell, undefined);
    });

    test('a name without a PATHEXT extension is never run as is', () => {
        assert.equal(findExecutable('ctx-ls', { PATH: bare, PATHEXT: '.EXE' }, 'win32'), undefined);
    });

    test('the default PATHEXT applies when it is unset; a name with its extension is taken as is', () => {
        assert.equal(findExecutable('ctx-ls', { PATH: exe }, 'win32'), path.join(exe, 'ctx-ls.exe'));
        assert.equal(findExecutable('ctx-ls.exe', { PATH: exe }, 'win32'), path.join(exe, 'ctx-ls.exe'));
    });

    test('a .cmd shim runs through the shell, quoted', () => {
        const launch = resolveLaunch({ ...base, platform: 'win32', serverArgs: ['--a b'], env: { PATH: cmd, PATHEXT: '.EXE;.CMD' } });
        assert.ok(launch.found);
        assert.equal(launch.command, `"${path.join(cmd, 'ctx-ls.CMD')}"`);
        assert.deepEqual(launch.args, ['serve', '"--a b"']);
        assert.equal(launch.options.shell, true);
    });
});
