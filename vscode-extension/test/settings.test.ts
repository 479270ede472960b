// Settings reading and initializationOptions building, plus package.json consistency.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { getFrom, initializationOptions, narrowSection, needsRestart, readSettings } from '../src/settings';
import { extensionDir } from './paths';

const manifest = JSON.parse(fs.readFileSync(path.join(extensionDir, 'package.json'), 'utf8'));
const properties: Record<string, { default: unknown }> = manifest.contributes.configuration.properties;

describe('readSettings', () => {
    test('unset settings give the defaults', () => {
        assert.deepEqual(readSettings(() => undefined), {
            serverPath: 'ctx-ls', pythonPath: '', serverArgs: [], trace: 'off',
            select: [], ignore: [], severity: {}, effectiveDeadline: true,
        });
    });

    test('wrong types fall back to the defaults; bad severities are dropped', () => {
        const values: Record<string, unknown> = {
            'server.path': '  ', 'server.args': ['--a', 3], 'trace.server': 'loud', select: 'CTX2',
            ignore: [1, ' lost-cancel '], severity: { 'lost-cancel': 'error', CTX205: 'fatal', x: 1 },
            'inlayHints.effectiveDeadline': 'no',
        };
        const s = readSettings((key) => values[key]);
        assert.equal(s.serverPath, 'ctx-ls');
        assert.deepEqual(s.serverArgs, ['--a']);
        assert.equal(s.trace, 'off');
        assert.deepEqual(s.select, ['CTX2']);
        assert.deepEqual(s.ignore, ['lost-cancel']);
        assert.deepEqual(s.severity, { 'lost-cancel': 'error' });
        assert.equal(s.effectiveDeadline, true);
    });
});

describe('initializationOptions', () => {
    test('is exactly { ctxLs: { select, ignore, severity, inlayHints: { effectiveDeadline } } }', () => {
        const values: Record<string, unknown> = {
            'server.path': '/opt/ctx-ls', select: ['CTX1'], ignore: ['sleep-no-context'],
            severity: { 'lost-cancel': 'hint' }, 'inlayHints.effectiveDeadline': false,
        };
        assert.deepEqual(initializationOptions(readSettings((key) => values[key])), {
            ctxLs: { select: ['CTX1'], ignore: ['sleep-no-context'], severity: { 'lost-cancel': 'hint' }, inlayHints: { effectiveDeadline: false } },
        });
    });

    test('narrowSection keeps only the server keys of a VS Code-shaped section', () => {
        const section = {
            server: { path: 'ctx-ls', pythonPath: '', args: [] }, trace: { server: 'verbose' },
            select: [], ignore: ['CTX205'], severity: {}, inlayHints: { effectiveDeadline: true },
        };
        assert.deepEqual(narrowSection(section), {
            select: [], ignore: ['CTX205'], severity: {}, inlayHints: { effectiveDeadline: true },
        });
        assert.deepEqual(narrowSection(null), initializationOptions(readSettings(() => undefined)).ctxLs);
        assert.equal(getFrom({ a: { b: 1 } })('a.b.c'), undefined);
    });
});

describe('needsRestart', () => {
    const changed = (key: string) => (section: string) => key === section || key.startsWith(`${section}.`);
    test('launch settings restart the server; the rest reach it as configuration', () => {
        assert.equal(needsRestart(changed('ctxLs.server.pythonPath')), true);
        assert.equal(needsRestart(changed('ctxLs.server.args')), true);
        assert.equal(needsRestart(changed('ctxLs.select')), false);
        assert.equal(needsRestart(changed('ctxLs.trace.server')), false);
        assert.equal(needsRestart(changed('go.toolsGopath')), false);
    });
});

describe('package.json', () => {
    test('declares every setting readSettings reads, with the same defaults', () => {
        const read = new Set<string>();
        const fromManifest = readSettings((key) => {
            read.add(`ctxLs.${key}`);
            return properties[`ctxLs.${key}`]?.default;
        });
        assert.deepEqual([...read].sort(), Object.keys(properties).sort());
        assert.deepEqual(fromManifest, readSettings(() => undefined));
    });

    test('every contributed command is registered by the extension', () => {
        const source = fs.readFileSync(path.join(extensionDir, 'src', 'extension.ts'), 'utf8');
        const commands: string[] = manifest.contributes.commands.map((c: { command: string }) => c.command);
        assert.deepEqual(commands.sort(), ['ctxLs.restartServer', 'ctxLs.showOutput']);
        for (const command of commands) {
            assert.ok(source.includes(`registerCommand('${command}'`), command);
        }
        assert.deepEqual(manifest.activationEvents, ['onLanguage:go']);
        assert.equal(manifest.main, './dist/extension.js');
    });
});
