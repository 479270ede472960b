// Where the extension and the repository are, found from this file's location (source or
// compiled), never hard-coded.
import * as fs from 'node:fs';
import * as path from 'node:path';

function upFrom(start: string, marker: string): string {
    for (let dir = start; ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, marker))) {
            return dir;
        }
        if (path.dirname(dir) === dir) {
            throw new Error(`no ${marker} above ${start}`);
        }
    }
}

/** The vscode-extension folder (holds package.json). */
export const extensionDir = upFrom(__dirname, 'package.json');
/** The ctx-ls repository (holds pyproject.toml and tests/testdata). */
export const repoRoot = upFrom(extensionDir, 'pyproject.toml');
