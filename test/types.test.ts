import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');

describe('the shipped type declarations', () => {
  it('let a strict consumer read labelled lines and error codes typed, so a misspelt field or code does not compile', { timeout: 120_000 }, () => {
    // test/fixtures/consumer/consumer.ts imports dist/ (npm test builds it first), as a user's project would.
    const r = spawnSync(process.execPath, [TSC, '-p', 'test/fixtures/consumer/tsconfig.json'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('the README', () => {
  it('imports from the package only names the package exports', async () => {
    const readme = (await import('node:fs')).readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const pkg = (await import('../src/index.js')) as Record<string, unknown>;
    // Values only: a `type X` import is erased, and the consumer fixture checks the types.
    const imports = [...readme.matchAll(/import \{([^}]+)\} from 'boilerstrip'/g)].flatMap((m) => m[1]!.split(',').map((n) => n.trim())).filter((n) => !n.startsWith('type '));
    expect(imports.length).toBeGreaterThan(5);
    for (const name of imports) expect([name, name in pkg]).toEqual([name, true]);
  });
});

describe('the README library example', () => {
  it('type-checks as written in a strict TypeScript project, given the two values it leaves to the reader', { timeout: 120_000 }, async () => {
    // QA pass 19: it did not compile under strict (a record's `unknown` value spread, a WARC
    // page's field read without a type), and a user's first copy of it failed.
    const fs = await import('node:fs');
    const path = await import('node:path');
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const block = /## Library\n\n```ts\n([\s\S]*?)\n```/.exec(readme)![1]!;
    // Under node_modules of this package: tsc finds @types/node there, and the folder is not part of the repository.
    const dir = path.join(ROOT, 'node_modules', '.cache', 'boilerstrip-readme');
    fs.mkdirSync(dir, { recursive: true });
    const dist = path.join(ROOT, 'dist', 'index.js');
    const source = ['declare const asyncIterableOfLines: AsyncIterable<string>;', 'declare const page: string;', block.replaceAll("from 'boilerstrip'", `from ${JSON.stringify(dist)}`)].join('\n');
    fs.writeFileSync(path.join(dir, 'readme.ts'), source);
    const config = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/consumer/tsconfig.json'), 'utf8')) as { files: string[] };
    config.files = ['readme.ts'];
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(config));
    const r = spawnSync(process.execPath, [TSC, '-p', path.join(dir, 'tsconfig.json')], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
