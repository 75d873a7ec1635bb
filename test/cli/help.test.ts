import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { makeTempDir, removeTempDir, run } from './helpers.js';

let tmp: string;

beforeAll(() => {
  tmp = makeTempDir('help');
});

afterAll(() => removeTempDir(tmp));

describe.concurrent('boilerstrip --help', { timeout: 60_000 }, () => {
  it('shows the program usage, its commands and examples, and exits 0', async ({ expect }) => {
    const r = await run(['--help'], { cwd: tmp });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Usage: boilerstrip /m);
    for (const command of ['clean', 'label', 'check']) expect(r.stdout).toMatch(new RegExp(`^\\s+${command} \\[options\\]`, 'm'));
    expect(r.stdout).toMatch(/^Examples:\n\s+boilerstrip /m);
  });

  for (const command of ['clean', 'label', 'check']) {
    it(`shows the usage, options and examples of ${command} --help, and exits 0`, async ({ expect }) => {
      const r = await run([command, '--help'], { cwd: tmp });
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(new RegExp(`^Usage: boilerstrip ${command} \\[options\\]`, 'm'));
      expect(r.stdout).toMatch(/^Options:$/m);
      expect(r.stdout).toMatch(new RegExp(`^Examples:\\n\\s+(\\S+ \\| )?boilerstrip ${command}\\b`, 'm'));
    });
  }

  it('shows the default of clean --keep as the comma-separated list the option takes, not as a JSON array', async ({ expect }) => {
    const r = await run(['clean', '--help'], { cwd: tmp });
    expect(r.stdout).toMatch(/--keep <classes>\s+classes to keep, comma-separated \(default:\s+body\)/);
  });

  it('offers --no-rules, with its default, on every command that labels lines, and not on profile, which only counts them', async ({ expect }) => {
    for (const command of ['clean', 'label', 'check', 'add-case']) {
      const r = await run([command, '--help'], { cwd: tmp });
      expect(r.stdout.replace(/\s+/g, ' '), command).toMatch(/--no-rules label with the model alone: .* \(default: the rules run\)/);
    }
    const profile = await run(['profile', '--help'], { cwd: tmp });
    expect(profile.stdout).not.toContain('--no-rules');
  });

  it('prints the version of package.json with --version and -V, and exits 0', async ({ expect }) => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const r = await run([flag], { cwd: tmp });
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${version}\n`);
    }
  });

  it('prints the usage and exits 2 when run without arguments', async ({ expect }) => {
    const r = await run([], { cwd: tmp });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^Usage: boilerstrip /m);
  });

  it("opens the argument parser's errors with the program's name, as its other messages, and exits 2 (QA pass 15)", async ({ expect }) => {
    for (const [args, line] of [
      [['clean', '--bogus', 'x'], "boilerstrip: unknown option '--bogus'"],
      [['bogus'], "boilerstrip: unknown command 'bogus'"],
      [['clean'], "boilerstrip: missing required argument 'inputs'"],
    ] as const) {
      const r = await run([...args], { cwd: tmp });
      expect(r.code).toBe(2);
      expect(r.stderr.split('\n')[0]).toBe(line);
    }
  });
});
