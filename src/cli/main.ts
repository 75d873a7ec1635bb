/**
 * The `boilerstrip` command. Exit codes: 0 success; 1 some input failed or
 * a figure fell below its floor; 2 usage errors (bad flag, missing path,
 * golden file out of step with its seed); interrupted, it ends by the signal
 * itself once it has cleaned up, which a shell reports as 128 + its number
 * (130 SIGINT, 143 SIGTERM, 129 SIGHUP; see interrupt.ts).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { LABELS, type Label } from '../types.js';
import { DEFAULT_KEEP } from '../clean.js';
import { BoilerstripError, oneLine } from '../errors.js';
import { DEFAULT_PAGE_FIELDS } from '../json/records.js';
import { DEFAULT_SITE_FIELDS } from '../json/page.js';
import { recordsPathKeys } from '../json/path.js';
import { isKnownEncoding } from '../html/charset.js';
import { RepetitionSketch, runCountsOnly } from '../repetition.js';
// check.js and profile.js (and the HTML parser they bring) are imported by the commands that
// use them: every run of the CLI, and each batch run's start, would otherwise load them.
import type { CaseResult, Metrics, Thresholds, ThresholdsFile } from '../check.js';
import type { ProfileReadOptions } from './profile.js';
import type { LabelOptions } from '../options.js';
import { expandInputs, INPUT_EXTENSIONS, withoutRepeats, type InputFile, type LeftOutWhy } from './inputs.js';
import { formatFromName, type InputFormat } from '../sniff.js';
import { entryPaths, fileSink, inputEntries, outputFolderProblem, outputPath, stdoutSink, syncFileSink } from './output.js';
import { exitOnInterrupt, removeTemps, trackTemp, untrackTemp } from './interrupt.js';
import { outputExtension, processFile, type FileResult, type RunOptions } from './process.js';
import { writeReport } from './report.js';
import { DEFAULT_WARM_UP, WARM_UP_BYTES, WARM_UP_DOCUMENTS, countedWith, readOptionsDiffer, type WarmUpWindow } from './crossdoc.js';
import os from 'node:os';
import { fstatSync, readFileSync, renameSync } from 'node:fs';
import { defaultJobs, runPool, startPool, type Pool } from './pool.js';
import { MIN_REPEAT_DOCUMENTS } from '../context.js';

const EXAMPLES = `
Examples:
  boilerstrip clean article.txt                  clean one file to stdout
  boilerstrip clean scraped/ -o clean/           clean a folder, mirroring its layout
  boilerstrip clean --format jsonl - < in.jsonl > out.jsonl
  boilerstrip label page.html --explain          every line with its label and why
  boilerstrip check                              seeds/ against golden/, per-class figures
  boilerstrip check 003_ae8b25b7d630f80b -v      one golden case, line by line
`;

class UsageError extends Error {}

function parseKeep(value: string): Label[] {
  const labels = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (labels.length === 0) throw new UsageError(`option '--keep' needs at least one class (body, navigation, advertisement, disclaimer)`);
  for (const l of labels) if (!(LABELS as readonly string[]).includes(l) || l === 'blank') throw new UsageError(`option '--keep' got unknown class '${l}' (use body, navigation, advertisement, disclaimer)`);
  return labels as Label[];
}

function parseEncoding(value: string): string {
  if (!isKnownEncoding(value)) throw new UsageError(`option '--encoding' got unknown encoding '${value}' (WHATWG Encoding Standard names: utf-8, windows-1252, iso-8859-2, shift_jis, gbk, ...)`);
  return value;
}

/** `--records`: a dotted path of object keys, as the readers' `records` option takes it. */
function parseRecordsPath(value: string): string {
  if (recordsPathKeys(value) === undefined) throw new UsageError(`option '--records' must be a dotted path of object keys (such as data or response.items; a dot inside a key written \\.), got '${value}'`);
  return value;
}

function parsePositive(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`option '${flag}' must be a positive integer, got '${value}'`);
    return n;
  };
}

function parseFraction(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0 || n > 1) throw new UsageError(`option '${flag}' must be a number between 0 and 1, got '${value}'`);
    return n;
  };
}

interface IoFlags {
  out?: string;
  /** --fast: the fast model for text lines. */
  fast?: boolean;
  format?: RunOptions['format'];
  pageFormat?: RunOptions['pageFormat'];
  field?: string[];
  /** --site-field NAME: where a record's address is. */
  siteField?: string[];
  /** False with --no-site-counts. */
  siteCounts?: boolean;
  /** --records PATH: the records are the elements of the array at PATH in each JSON/JSONL document. */
  records?: string;
  encoding?: string;
  readability?: boolean;
  explain?: boolean;
  labels?: boolean;
  keep?: Label[];
  textOnly?: boolean;
  profile?: string;
  crossDoc?: boolean;
  jobs?: number;
  passBadRecords?: boolean;
  outputPrefix?: string;
  /** False with --no-rules. */
  rules?: boolean;
  /** --report FILE: a JSON line per input (src/cli/report.ts). */
  report?: string;
}

/** How inputs are read: shared by clean, label and profile, so a profile counts what the labelling pass reads. */
function inputOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--format <format>', 'input format (default: by extension, then by content; markdown by extension .md or .markdown, by a reader\'s envelope (Title:, then URL Source:) opening an input of no known extension or a .txt one, or this flag; warc by extension .warc or .wet, or by a WARC/1.0 version line first)').choices(['text', 'markdown', 'html', 'json', 'jsonl', 'warc']))
    .addOption(new Option('--page-format <format>', 'what the page inside each JSON/JSONL record (or web archive record) is: auto (sniffed per record; a "markdown" field is Markdown; a WARC record\'s type decides), text, markdown or html').choices(['auto', 'text', 'markdown', 'html']))
    .option('--field <name>', `JSON field holding the page (repeatable; a dotted name such as data.markdown reaches into nested objects, a dot inside a key written \\.; default: ${DEFAULT_PAGE_FIELDS.join(', ')})`, (v: string, prev: string[] = []) => [...prev, v])
    .option(
      '--site-field <name>',
      `JSON/JSONL: field holding the page's address, whose host names its site for --cross-doc and profile counts per site (repeatable; a dotted name reaches into nested objects; default: ${DEFAULT_SITE_FIELDS.join(', ')})`,
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option('--no-site-counts', 'count repeated lines across the whole run only, not per site as well: for sites that share one template (a network of local stations, regional editions), whose menu is better counted across all of them than on each one\'s few pages')
    .option(
      '--records <path>',
      "JSON/JSONL: the records are the elements of the array at PATH, a dotted path of object keys (a dot inside a key written \\.), in each document (data for Firecrawl's crawl responses, results, response.items), streamed one at a time; the fields around the array are not read (default: a top-level array's elements, or the document itself)",
      parseRecordsPath,
    )
    .option('--encoding <name>', "charset of input that is not UTF-8: HTML takes it as an HTTP header would give it (used over a page's <meta> charset, not over a BOM); text, JSON and JSONL are converted from it to UTF-8 as they are read", parseEncoding);
}

function ioOptions(cmd: Command): Command {
  return inputOptions(cmd.option('-o, --out <dir>', 'write one output per input under DIR, mirroring relative paths (default: stdout for a single input)'))
    .option('--readability', 'also run Mozilla Readability on HTML pages as one more signal (slower)')
    .option('--profile <file>', 'cross-document repetition profile made by `boilerstrip profile`')
    .option('--cross-doc', `count lines repeated across documents, then label with those counts: two passes over files; on stdin, JSON/JSONL records are counted through a warm-up window of the first ${WARM_UP_DOCUMENTS} records (or ${WARM_UP_BYTES >> 20} MiB)`)
    .option('--jobs <n>', 'files processed at once: the main thread and N-1 worker threads; 1 runs in-process (default: number of CPUs)', parsePositive('--jobs'))
    .option('--report <file>', 'write a JSON line per input to FILE, in input order: status, output path, format, bytes, and for text, Markdown and HTML lines by label and confidence (written when the run ends, atomically)');
}

/**
 * --no-rules, on every command that labels lines (not `profile`, which only counts them): the
 * model's labels alone, without the rules of src/rules.ts. Commander sets `rules` to
 * true unless the flag is given.
 */
function rulesOption(cmd: Command): Command {
  return cmd.option(
    '--no-rules',
    'label with the model alone: skip the rules, which make a short copyright notice, an affiliate disclosure, a syndication credit, a platform credit ("Powered by WordPress") or a cookie banner\'s button beside its text ("I Accept") `disclaimer`, an ad slot label alone ("Advertisement"), a call to subscribe ("Sign up for our newsletter") and a row of the site\'s social accounts ("Facebook / Instagram / YouTube") `advertisement`, and a one-line menu ("Home | News | Sport | Weather"), an inline link to another story ("Related: <title>"), a tag line ("Tags: ...") and a share bar `navigation`, whatever the model said (default: the rules run)',
  );
}

/**
 * --fast, on the commands that label lines: the fast model (src/fast/) for text lines. Where its
 * labels stand against the default model's, and its speed, is in EVALUATION.md and BENCHMARKS.md.
 */
function fastOption(cmd: Command): Command {
  return cmd.option('--fast', 'label text lines with the fast model: several times the speed, fewer lines right (README: Fast mode); Markdown and HTML keep their models');
}

/** Options of what clean and label write for JSON/JSONL records. */
function recordOutputOptions(cmd: Command): Command {
  return cmd
    .option('--pass-bad-records', 'JSON/JSONL and web archives: write a record that cannot be cleaned (malformed, no page, a page that is not a string) in its place with an `error` field, so there is one output record per input record; it is still reported, but does not make the exit status 1')
    .option('--output-prefix <p>', 'JSON/JSONL and web archives: put P before the names of the fields boilerstrip writes (Ptext, Pconfidence, Plabels, Perror, ...), to keep clear of the record\'s own fields', '');
}

/** The version in package.json (two levels above dist/cli/ and src/cli/). */
function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

export async function main(argv: string[]): Promise<number> {
  let code = 0;
  // A closed stdout (\`boilerstrip label x | head\`) ends the run quietly, as Unix tools do.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') {
      // process.exit skips the finally blocks that remove them (the --cross-doc counts).
      removeTemps();
      process.exit(0);
    }
    // Any other write error (a full disk: \`> /dev/full\`, a vanished terminal) ends the run with
    // one line saying so; the output is incomplete, so the run failed.
    process.stderr.write(`boilerstrip: cannot write to stdout: ${stdoutError(e)}\n`);
    removeTemps();
    process.exit(1);
  });
  const program = new Command('boilerstrip')
    .description('Label every line of scraped articles body, navigation, advertisement or disclaimer, and keep the body.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .addHelpText('after', EXAMPLES)
    .exitOverride()
    // Commander's own errors ("error: unknown option '--bogus'") open with the program's name,
    // as every other message does, so a log that mixes tools says whose they are (QA pass 15).
    .configureOutput({ writeErr: (s) => process.stderr.write(s), outputError: (s, write) => write(`boilerstrip: ${s.replace(/^error: /, '')}`) })
    .showHelpAfterError(false);

  fastOption(rulesOption(recordOutputOptions(ioOptions(
    program
      .command('clean')
      .description('keep the body of each input (text, Markdown, HTML, JSON, JSONL, or a WARC/WET web archive, optionally .gz)')
      .argument('<inputs...>', 'files, folders (recursive) or - for stdin')
      // Shown as the option is written: commander prints an array default as JSON (["body"]).
      .addOption(new Option('--keep <classes>', 'classes to keep, comma-separated').argParser(parseKeep).default([...DEFAULT_KEEP], DEFAULT_KEEP.join(',')))
      .option('--labels', 'JSON/JSONL and web-archive output: add per-line labels to each record')
      .option('--text-only', "keep the story's running text only: drop the headline, standfirst, byline/date lines and captions from the body (JSONL: they go to `title`, `standfirst`, `byline` and `captions`)")
      .addHelpText('after', '\nExamples:\n  boilerstrip clean seeds -o out\n  boilerstrip clean --keep body,disclaimer page.html\n  cat pages.jsonl | boilerstrip clean --format jsonl - > clean.jsonl\n  boilerstrip clean --fast dumps -o out'),
  )))).action(async (inputs: string[], flags: IoFlags) => {
    code = await runFiles('clean', inputs, flags);
  });

  fastOption(rulesOption(recordOutputOptions(ioOptions(
    program
      .command('label')
      .description('write label<TAB>line for every input line (the golden-file format); JSON/JSONL and web-archive input gives JSONL records with a labels array')
      .argument('<inputs...>', 'files, folders (recursive) or - for stdin')
      .option('--explain', 'add a third column: the features or rule that decided the label')
      .addHelpText('after', '\nExamples:\n  boilerstrip label article.txt > article.tsv\n  boilerstrip label page.html --explain | less\n  boilerstrip label page.html --explain --no-rules'),
  )))).action(async (inputs: string[], flags: IoFlags) => {
    code = await runFiles('label', inputs, flags);
  });

  fastOption(rulesOption(program
    .command('check')
    .description('compare labels with hand-labelled golden files; per-class precision, recall, F1')
    .argument('[cases...]', 'only these cases (seed names without extension)')
    .option('--seeds <dir>', 'folder of seed inputs', 'seeds')
    .option('--golden <dir>', 'folder of golden .tsv files, thresholds.json and splits.json', 'golden')
    .option('--min-macro-f1 <x>', 'override the macro-F1 floor of golden/thresholds.json', parseFraction('--min-macro-f1'))
    .option('-v, --verbose', 'print every line: label, expected label and reason')
    .option('--json', 'print the figures as one JSON document (cases, each split with its interval, the floors and what fell below them); with -v each case has its rows')
    .option('--html', 'label the web-* cases from the benchmark HTML pages they were dumped from (<benchmark>/html/<id>.html.gz, ids from golden/splits.json)')
    .option('--benchmark <dir>', 'the benchmark folder for --html', DEFAULT_BENCHMARK_DIR)
    .option('--cross-doc', "batch each site's pages (case names that differ only in their -<8 hex> page id) for cross-document repetition, and print what it adds on those cases")))
    .addHelpText('after', '\nExamples:\n  boilerstrip check\n  boilerstrip check 004_a82448263e2ca110 --verbose\n  boilerstrip check --html --benchmark ../shared/data/article-extraction-benchmark\n  boilerstrip check --cross-doc\n  boilerstrip check --no-rules')
    .action(async (cases: string[], flags: CheckFlags) => {
      code = await runCheck(cases, flags);
    });

  inputOptions(
    program
      .command('profile')
      .description('count lines repeated across documents into a profile for --profile (first pass of two); read the inputs with the --format, --page-format, --field, --records and --encoding the labelling run will use')
      .argument('<inputs...>', 'files, folders (recursive) or - for stdin')
      .requiredOption('-o, --out <file>', 'profile file to write'),
  ).action(async (inputs: string[], flags: IoFlags & { out: string }) => {
    refuseFolderOnStdin(inputs);
    const { buildProfile } = await import('./profile.js');
    code = await buildProfile(inputs, flags.out, readOptions(flags));
  });

  rulesOption(program
    .command('add-case')
    .description('copy an input into seeds/ and write a label template golden/<name>.tsv for a person to correct')
    .argument('<input>', `a ${ADD_CASE_TAKES} file`)
    .option('--name <name>', 'case name (default: the file name without extension)')
    .option('--seeds <dir>', 'folder of seeds', 'seeds')
    .option('--golden <dir>', 'folder of golden files', 'golden'))
    .action(async (input: string, flags: AddCaseFlags) => {
      code = await addCase(input, flags);
    });

  // SIGINT, SIGTERM, SIGHUP: remove what the run has under temporary names, then die by the signal (130, 143, 129 in a shell).
  const stopHandling = exitOnInterrupt();
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return 2;
    }
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2; // commander already printed "error: unknown option '--x'" and the like
    }
    if (e instanceof UsageError || (e instanceof BoilerstripError && e.code === 'ERR_NO_INPUT')) {
      process.stderr.write(`boilerstrip: ${e.message}\n`);
      return 2;
    }
    if (e instanceof Error && (e as { code?: string }).code === 'commander.invalidArgument') return 2;
    throw e;
  } finally {
    stopHandling();
  }
}

/** A write error as `ENOSPC (no space left on device)`: its code, and what Node says it means. */
function stdoutError(e: NodeJS.ErrnoException): string {
  if (e.code === undefined) return e.message;
  // Node's message is "ENOSPC: no space left on device, write".
  const meaning = e.message.replace(new RegExp(`^${e.code}: `), '').replace(/, write$/, '');
  return meaning === e.message || meaning === '' ? e.code : `${e.code} (${meaning})`;
}

/**
 * --cross-doc over files: the first of two passes, over the same inputs, into a temporary
 * profile file (a file, so worker threads load the same counts). Stdin cannot be read twice:
 * alone, it is counted as it streams, through a warm-up window (see `stdinWarmUp`).
 */
async function crossDocProfile(flags: IoFlags, inputs: readonly InputFile[], report: (m: string) => void): Promise<string | undefined> {
  if (!flags.crossDoc) return undefined;
  if (inputs.some((i) => i.path === '-')) {
    if (inputs.length === 1) return undefined;
    throw new UsageError(`option '--cross-doc' takes stdin only as the sole input: files are counted in a first pass, and stdin cannot be read twice (or build a profile with 'boilerstrip profile' and pass --profile)`);
  }
  const { profileInputs, writeProfile, SITE_TABLE_FULL } = await import('./profile.js');
  // (Not the profile's note on records that name no site: a run over stdin, counted through its
  // window, could not say it at the same place, and its reports must be the file's.)
  const { sketch } = await profileInputs(inputs, readOptions(flags));
  if (sketch.sitePairsFull) report(SITE_TABLE_FULL);
  // Said, not left to be guessed from an output that did not change: counts need two documents.
  if (sketch.documents < MIN_REPEAT_DOCUMENTS) {
    report(`note: --cross-doc counts lines across documents, and the inputs hold ${sketch.documents} document${sketch.documents === 1 ? '' : 's'}: no line can repeat across them, so it has no effect`);
  }
  // A 16 MiB table per run: runFiles removes the folder when the run ends, however it ends.
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'boilerstrip-'));
  trackTemp(dir);
  const file = path.join(dir, 'cross-doc.profile');
  await writeProfile(sketch, file);
  return file;
}

/** --cross-doc with stdin as the only input and no --profile: count records through a warm-up window. */
function stdinWarmUp(flags: IoFlags, inputs: readonly InputFile[]): WarmUpWindow | undefined {
  return flags.crossDoc && flags.profile === undefined && inputs.length === 1 && inputs[0]!.path === '-' ? DEFAULT_WARM_UP : undefined;
}

/** The flags given that only JSON/JSONL records use, as the user wrote them (RunOptions.recordFlags). */
function recordFlags(flags: IoFlags): string[] {
  const given: Array<[boolean, string]> = [
    [flags.records !== undefined, '--records'],
    [(flags.field?.length ?? 0) > 0, '--field'],
    [(flags.siteField?.length ?? 0) > 0, '--site-field'],
    [flags.pageFormat !== undefined, '--page-format'],
    [flags.labels === true, '--labels'],
    [flags.passBadRecords === true, '--pass-bad-records'],
    [(flags.outputPrefix ?? '') !== '', '--output-prefix'],
  ];
  return given.filter(([on]) => on).map(([, name]) => name);
}

/** How the inputs are read, as the profile pass takes it: the same for `profile`, --cross-doc's first pass and a --profile check. */
function readOptions(flags: IoFlags): Omit<ProfileReadOptions, 'report'> {
  return { fields: pageFields(flags), records: flags.records, format: flags.format, encoding: flags.encoding, pageFormat: flags.pageFormat, siteFields: flags.siteField, siteCounts: flags.siteCounts };
}

function pageFields(flags: IoFlags): readonly string[] {
  return flags.field && flags.field.length > 0 ? flags.field : DEFAULT_PAGE_FIELDS;
}

/** `given`: the user's --profile, not --cross-doc's own first pass (whose empty counts mean empty inputs). */
async function loadProfile(file: string | undefined, given: boolean, flags: IoFlags): Promise<RepetitionSketch | undefined> {
  if (file === undefined) return undefined;
  let sketch: RepetitionSketch;
  try {
    sketch = RepetitionSketch.fromBuffer(await fs.readFile(file));
  } catch (e) {
    throw new UsageError(`cannot use profile ${file}: ${(e as Error).message}`);
  }
  if (given) {
    // Counts of lines read otherwise are looked up in vain: a profile of one field's pages used on
    // another's, or of records under --records used on whole documents, changes nothing in silence.
    const differ = readOptionsDiffer(sketch.countedWith, countedWith(readOptions(flags)));
    if (differ.length > 0) process.stderr.write(`boilerstrip: warning: profile ${file} was counted with other read options than this run: ${differ.join(', ')}; lines the profile did not count are not found repeated (build it with the options of this run)\n`);
  }
  // Counts of nothing change no label: say so rather than run as if they had been used.
  if (given && sketch.documents === 0) process.stderr.write(`boilerstrip: warning: profile ${file} counts no documents, so it changes nothing (was it built with other --format/--field options than this run?)\n`);
  return sketch;
}

/**
 * Whether the inputs may make a batch for the worker pool: several arguments, or a folder.
 * Then the workers are started before the folders are walked (see startPool).
 */
async function mayBeBatch(args: readonly string[], flags: IoFlags, jobs: number): Promise<boolean> {
  if (!flags.out || jobs <= 1) return false;
  if (args.filter((a) => a !== '-').length > 1) return true;
  const only = args.find((a) => a !== '-');
  if (only === undefined) return false;
  try {
    return (await fs.stat(only)).isDirectory();
  } catch {
    return false;
  }
}

async function runFiles(command: 'clean' | 'label', args: string[], flags: IoFlags): Promise<number> {
  const jobs = flags.jobs ?? defaultJobs();
  const pool = (await mayBeBatch(args, flags, jobs)) ? startPool({ jobs }) : undefined;
  try {
    return await runFilesWith(command, args, flags, jobs, pool);
  } finally {
    await pool?.close();
    // What the run still has under a temporary name: the --cross-doc profile's folder, and
    // after an error, any output it did not finish.
    removeTemps();
  }
}

/**
 * Files a folder walk left out (no input extension) that the note names; the rest are counted.
 * @default 5
 */
export const LEFT_OUT_NAMED = 5;

/** The files of one kind a folder walk left out: counted, and the first LEFT_OUT_NAMED in name order kept. */
class LeftOutNames {
  count = 0;
  private names: string[] = [];

  add(file: string): void {
    this.count++;
    if (this.names.length < LEFT_OUT_NAMED || file < this.names[this.names.length - 1]!) this.names = [...this.names, file].sort().slice(0, LEFT_OUT_NAMED);
  }

  /** The names kept, and how many more there were. */
  get list(): string {
    const more = this.count > this.names.length ? `, and ${this.count - this.names.length} more` : '';
    return this.names.join(', ') + more;
  }
}

/**
 * `- < DIR`: Node reads a folder on stdin as an empty stream, and the run "cleaned" it and
 * passed. Refused before anything is read, as a usage error.
 */
function refuseFolderOnStdin(args: readonly string[]): void {
  if (!args.includes('-')) return;
  let folder = false;
  try {
    folder = fstatSync(0).isDirectory();
  } catch {
    return; // no stdin to look at (closed): reading it says what is wrong
  }
  if (folder) throw new UsageError('- (stdin) is a folder; give the folder as an argument to read its files');
}

async function runFilesWith(command: 'clean' | 'label', args: string[], flags: IoFlags, jobs: number, pool: Pool | undefined): Promise<number> {
  if (args.filter((a) => a === '-').length > 1) throw new UsageError('- (stdin) can be read once only; it is given more than once');
  refuseFolderOnStdin(args);
  // A missing path is reported and the others still run; the run then exits 2.
  let inputs: InputFile[] = [];
  /** Paths given that do not exist, and what was said of each. */
  const missing: Array<{ path: string; message: string }> = [];
  /** Files the folder walks left out, by why: how many, and the first few in name order (the walk's order is the file system's). */
  const leftOut = { extension: new LeftOutNames(), special: new LeftOutNames(), output: new LeftOutNames() };
  const outputFolders = new Set<string>();
  const onLeftOut = (file: string, why: LeftOutWhy) => {
    // The output folder is met once per input folder holding it: named once.
    if (why === 'output' && outputFolders.has(file)) return;
    if (why === 'output') outputFolders.add(file);
    leftOut[why].add(file);
  };
  for (const arg of args) {
    try {
      inputs.push(...(await expandInputs([arg], flags.out, onLeftOut)));
    } catch (e) {
      if (!(e instanceof BoilerstripError && e.code === 'ERR_NO_INPUT')) throw e;
      process.stderr.write(`boilerstrip: ${e.message}\n`);
      missing.push({ path: arg, message: e.message });
    }
  }
  inputs = withoutRepeats(inputs, (m) => process.stderr.write(`boilerstrip: ${oneLine(m)}\n`));
  // With no input at all, the error that says so names the extensions already.
  if (leftOut.extension.count > 0 && inputs.length > 0) {
    const { count, list } = leftOut.extension;
    process.stderr.write(
      `boilerstrip: note: ${count} ${count === 1 ? 'file in the folders given has' : 'files in the folders given have'} no extension boilerstrip reads (${INPUT_EXTENSIONS.join(', ')}, optionally .gz) and ${count === 1 ? 'was' : 'were'} left out: ${list}; give such a file by name to read it\n`,
    );
  }
  if (leftOut.output.count > 0) {
    // The output folder inside an input folder (each walk that met it names it once).
    process.stderr.write(`boilerstrip: note: ${leftOut.output.list}, the output folder (-o), lies inside an input folder and was not read, so a run does not read outputs back; give it by name to read its files\n`);
  }
  if (leftOut.special.count > 0) {
    const { count, list } = leftOut.special;
    process.stderr.write(
      `boilerstrip: note: ${count} ${count === 1 ? 'entry in the folders given is' : 'entries in the folders given are'} not a regular file (a named pipe, socket or device) and ${count === 1 ? 'was' : 'were'} left out: ${list}; give ${count === 1 ? 'it' : 'one'} by name to read it\n`,
    );
  }
  if (flags.report !== undefined) {
    // The report is written after the run: a path it cannot take would only be found then.
    // Compared as outputs are (outputClashes, profile): through links, and a link input's target too.
    const entry = entryPaths();
    const reportAt = entry(flags.report);
    if (inputs.some((i) => i.path !== '-' && inputEntries(entry, i.path, i.link).includes(reportAt))) throw new UsageError(`--report ${flags.report} is one of the inputs; it would be overwritten`);
    if ((await fs.stat(flags.report).catch(() => undefined))?.isDirectory()) throw new UsageError(`--report ${flags.report} is a folder; --report takes a file name`);
    // Its folder too, as -o's is: a file in its path, or a folder it cannot write in, failed the report only once the whole run had ended.
    const reportFolder = await outputFolderProblem(path.dirname(flags.report));
    if (reportFolder !== undefined) throw new UsageError(`cannot write --report ${flags.report}: ${reportFolder}`);
    if (flags.profile !== undefined && entry(flags.profile) === reportAt) throw new UsageError(`--report ${flags.report} is the --profile it reads; it would be overwritten`);
    // Renamed in after the run, the report replaced an output of the same name, without a word.
    // The format (so the extension) is known only once an input is read: any it may take counts.
    if (flags.out) {
      const extensions = new Set((['text', 'markdown', 'json'] as const).map((f) => outputExtension(command, f)));
      const base = (i: InputFile) => outputPath(flags.out!, i.rel, '');
      const covered = inputs.find((i) => [...extensions].some((ext) => entry(base(i) + ext) === reportAt));
      if (covered !== undefined) throw new UsageError(`--report ${flags.report} is where the output of ${covered.path} goes; it would be overwritten`);
      // The folders the run makes for its outputs, -o itself among them: found only when the
      // report was renamed into place after the whole run, as EISDIR.
      const into = inputs.find((i) => {
        for (let d = path.dirname(base(i)); ; d = path.dirname(d)) {
          if (entry(d) === reportAt) return true;
          if (path.relative(flags.out!, d) === '' || d === path.dirname(d)) return false;
        }
      });
      if (into !== undefined) throw new UsageError(`--report ${flags.report} is a folder the outputs go in (that of ${into.path}); name a file`);
    }
  }
  const results: FileResult[] = [];
  const report = (m: string) => process.stderr.write(`boilerstrip: ${oneLine(m)}\n`);
  /** --report: a row per path given, when the run ends; a report that cannot be written fails the run. */
  const writeRunReport = async (code: number): Promise<number> => {
    if (flags.report === undefined) return code;
    try {
      await writeReport(flags.report, inputs, results, command, flags.out, missing);
      return code;
    } catch (e) {
      report(`cannot write --report ${flags.report}: ${(e as Error).message}`);
      return Math.max(code, 1);
    }
  };
  if (inputs.length === 0 && missing.length > 0) return writeRunReport(2);
  // Named: a batch script's wrong folder is then plain to see.
  if (inputs.length === 0) throw new UsageError(`no input files found in ${args.join(', ')} (folders are searched for ${INPUT_EXTENSIONS.join(', ')}, optionally .gz)`);
  // Commander gives '' for `-o ''` (an unset variable in a script), which read as no -o: stdout.
  if (flags.out === '') throw new UsageError('-o is empty; -o takes a folder name');
  if (!flags.out && inputs.length > 1) throw new UsageError(`${inputs.length} inputs need -o DIR (only a single input goes to stdout)`);
  if (flags.out) {
    const out = await fs.stat(flags.out).catch(() => undefined);
    if (out !== undefined && !out.isDirectory()) throw new UsageError(`-o ${flags.out} is a file; -o takes a folder (it is made if missing)`);
    const problem = await outputFolderProblem(flags.out);
    if (problem !== undefined) throw new UsageError(`cannot write under -o ${flags.out}: ${problem}`);
  }
  const given = flags.profile !== undefined;
  if (flags.fast) {
    // Each would be ignored by the fast model in silence.
    const unused = [flags.rules === false && '--no-rules', flags.crossDoc && '--cross-doc', given && '--profile', flags.readability && '--readability'].filter(Boolean);
    if (unused.length > 0) throw new UsageError(`--fast cannot be used with ${unused.join(', ')}: the fast model reads each line's text and its neighbours only`);
  }
  if (given && flags.crossDoc) report(`note: --cross-doc is not used with --profile: the counts of ${flags.profile} are (give one or the other)`);
  if (flags.siteCounts === false && !given && !flags.crossDoc) report('note: --no-site-counts sets aside counts per site, and this run has no counts (no --cross-doc or --profile), so it has no effect');
  // Before the profile is found: a --cross-doc run over stdin has no profile file.
  const warmUp = stdinWarmUp(flags, inputs);
  const counts = await loadProfile((flags.profile ??= await crossDocProfile(flags, inputs, report)), given, flags);
  const opts: RunOptions = {
    command,
    keep: flags.keep ?? DEFAULT_KEEP,
    textOnly: flags.textOnly === true,
    explain: flags.explain === true,
    labels: flags.labels === true,
    format: flags.format,
    pageFormat: flags.pageFormat,
    fields: pageFields(flags),
    siteFields: flags.siteField,
    siteCounts: flags.siteCounts,
    records: flags.records,
    encoding: flags.encoding,
    readability: flags.readability === true,
    rules: flags.rules,
    fast: flags.fast === true,
    passBadRecords: flags.passBadRecords === true,
    outputPrefix: flags.outputPrefix ?? '',
    recordFlags: recordFlags(flags),
    stats: flags.report !== undefined,
    warmUp,
    // --no-site-counts: a profile's counts per site are not used (--cross-doc's own count has none).
    repetition: flags.siteCounts === false ? runCountsOnly(counts) : counts,
  };
  const clashes = flags.out ? outputClashes(inputs, flags.out, command, flags.format) : [];
  for (const c of clashes) report(c.message!);
  results.push(...clashes);
  const runnable = inputs.filter((i) => !clashes.some((c) => c.file === i.path));
  const finish = async (code: number) => {
    if (missing.length > 0) report(`missing: ${missing.map((m) => m.path).join(', ')}`);
    const after = await writeRunReport(code);
    return missing.length > 0 ? 2 : after;
  };
  if (flags.out && runnable.length > 1 && jobs > 1) {
    const run = { out: flags.out, opts, profile: flags.profile, report };
    // A loop, not push(...): spreading 150,000 results overflows the call stack.
    for (const r of await (pool ? pool.run(runnable, run) : runPool(runnable, { jobs, ...run }))) results.push(r);
    return finish(summarise(command, results, report, flags.readability === true));
  }
  for (const input of runnable) {
    // One file at a time: synchronous writes, as in a batch worker (output.ts).
    const makeSink = flags.out ? async (format: RunOptions['format'] & string) => syncFileSink(outputPath(flags.out!, input.rel, outputExtension(command, format, input.rel))) : async () => stdoutSink();
    const result = await processFile(input, makeSink, opts, report);
    if (result.message) report(result.message);
    results.push(result);
    // A file is read and written synchronously, and the awaits above settle as microtasks: with
    // no turn of the event loop between files, a signal's handler (interrupt.ts) never ran and a
    // stopped run went on to its last file and exited 0. The pool's main thread yields likewise.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return finish(summarise(command, results, report, flags.readability === true));
}

/**
 * The extensions an input's output can take (outputExtension in process.ts): its format's when
 * `--format` or the input's name decides it (as openInput reads it), else those of every format
 * a sniff can give (text, HTML, JSON; Markdown only by name or flag). Every extension for every
 * input made `clean` fail page.txt beside page.md, whose outputs are page.txt and page.md.
 */
function outputExtensions(command: 'clean' | 'label', input: InputFile, format: InputFormat | undefined): string[] {
  const known = format ?? (input.path === '-' ? undefined : formatFromName(input.path));
  const formats: InputFormat[] = known !== undefined ? [known] : ['text', 'html', 'json', 'jsonl'];
  return [...new Set(formats.map((f) => outputExtension(command, f)))];
}

/**
 * Inputs whose output would land on another input's output (page.txt and
 * page.html both -> page.txt), or on an input itself (`clean dir -o dir`): each
 * fails with a message instead of silently overwriting what it names.
 */
function outputClashes(inputs: readonly InputFile[], out: string, command: 'clean' | 'label', format: InputFormat | undefined): FileResult[] {
  const owner = new Map<string, InputFile>();
  const failed: FileResult[] = [];
  const entry = entryPaths();
  // Keyed by the folder entry each path names, links in its folders resolved, and the file an
  // input that is a link leads to: `-o` given as a link to the input folder (or the input given
  // through one, or as links to files in the -o folder) named the same files by other paths, and
  // each output was renamed over its own input.
  const inputPaths = new Map(inputs.flatMap((i) => inputEntries(entry, i.path, i.link).map((e) => [e, i.path] as const)));
  for (const input of inputs) {
    const base = outputPath(out, input.rel, '');
    const extensions = outputExtensions(command, input, format);
    // The outputs share a folder: resolve it once (the extension only lengthens the name).
    const at = entry(base);
    const overwritten = extensions.map((ext) => inputPaths.get(at + ext)).find((p) => p !== undefined);
    if (overwritten !== undefined) {
      failed.push({ file: input.path, status: 'failed', bytesIn: 0, message: `${input.path}: its output would overwrite the input ${overwritten}; choose another -o folder` });
      continue;
    }
    const first = extensions.map((ext) => owner.get(base + ext)).find((i) => i !== undefined);
    if (first === undefined) for (const ext of extensions) owner.set(base + ext, input);
    else {
      // Two inputs from two folders given apart can have one relative path (a/x.txt, b/x.txt).
      const why = first.rel === input.rel ? `same path ${input.rel} under two of the inputs given` : 'same name, other extension';
      failed.push({ file: input.path, status: 'failed', bytesIn: 0, message: `${input.path}: its output would overwrite the output of ${first.path} (${why}); rename one of them` });
    }
  }
  return failed;
}

function summarise(command: string, results: FileResult[], report: (m: string) => void, readability = false): number {
  const done = results.filter((r) => r.status === 'ok').length;
  const skipped = results.filter((r) => r.status === 'skipped').length;
  const failed = results.filter((r) => r.status === 'failed').length;
  const badRecords = results.reduce((s, r) => s + (r.records?.failed ?? 0), 0);
  const goodRecords = results.reduce((s, r) => s + (r.records?.ok ?? 0), 0);
  // Bad records written through (--pass-bad-records) are in the output with their reason: not lost.
  const passed = results.reduce((s, r) => s + (r.records?.passed ?? 0), 0);
  const verb = command === 'clean' ? 'cleaned' : 'labelled';
  let line = `${done} file${done === 1 ? '' : 's'} ${verb}, ${skipped} skipped, ${failed} failed`;
  if (goodRecords + badRecords > 0) line += `; records: ${goodRecords} ok, ${badRecords} bad`;
  if (passed > 0) line += ` (${passed} written through with an error field)`;
  report(line);
  if (readability) {
    // Readability reads a DOM, which lines of text do not give it: said once for the run, not
    // once a file (a folder of 10,000 text files), nor dropped without a word.
    const textual = results.filter((r) => r.format === 'text' || r.format === 'markdown').length;
    if (textual > 0) report(`note: --readability reads HTML pages only; ${textual === 1 ? 'the text or Markdown file was' : `${textual} text or Markdown files were`} labelled without it (lines of text give it no DOM to read)`);
  }
  for (const r of results) if (r.status === 'failed') report(`failed: ${r.file}`);
  for (const r of results) if ((r.records?.failed ?? 0) > 0) report(`bad records: ${r.file} (${r.records!.failed})`);
  return failed > 0 || badRecords > passed ? 1 : 0;
}

async function readJson<T>(file: string, fallback: T): Promise<T> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as T;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return fallback;
    throw new UsageError(`${file}: ${(e as Error).message}`);
  }
}

interface Splits {
  /** Case names never used for tuning. */
  heldout?: string[];
  /** Case name -> id of the benchmark page the case was dumped from. */
  benchmarkIds?: Record<string, string>;
}

interface CheckFlags {
  seeds: string;
  golden: string;
  minMacroF1?: number;
  verbose?: boolean;
  /** Label the web-* cases from their benchmark HTML pages. */
  html?: boolean;
  /** The benchmark folder for --html. */
  benchmark: string;
  /** Each site's pages form one batch for cross-document repetition. */
  crossDoc?: boolean;
  /** False with --no-rules. */
  rules?: boolean;
  /** Print the figures as one JSON document. */
  json?: boolean;
  /** --fast: check the fast model's labels. */
  fast?: boolean;
}

/** Where `check --html` finds the pages when no folder is given: beside the repository, as in CI. */
export const DEFAULT_BENCHMARK_DIR = '../shared/data/article-extraction-benchmark';

async function runCheck(only: string[], flags: CheckFlags): Promise<number> {
  const { belowFloors, caseSite, computeMetrics, findCases, formatMetrics, parseThresholds, runCase, runHtmlCase } = await import('../check.js');
  const { formatInterval, siteInterval } = await import('../interval.js');
  if (!flags.html && flags.benchmark !== DEFAULT_BENCHMARK_DIR) process.stderr.write(`boilerstrip check: note: --benchmark is read by --html only; without it the seeds are checked\n`);
  const thresholdsFile = path.join(flags.golden, 'thresholds.json');
  const thresholdsJson = await readJson<unknown>(thresholdsFile, undefined);
  let fileFloors: ThresholdsFile | undefined;
  try {
    fileFloors = thresholdsJson === undefined ? undefined : parseThresholds(thresholdsJson, thresholdsFile);
  } catch (e) {
    throw e instanceof BoilerstripError ? new UsageError(e.message) : e;
  }
  // The fast model has floors of its own (`fast`): held to the default model's, `check --fast` could only fail.
  const fileThresholds = flags.fast ? fileFloors?.fast : fileFloors;
  // The file's floors are the whole corpus's: a case or two named alone is held to none of them
  // (a case of 17 lines with 3 wrong is no sign the corpus fell), only to an explicit --min-macro-f1.
  const named = only.length > 0;
  const applied = named ? undefined : fileThresholds;
  /** Which floors apply, for the lines that name them. */
  const floorsName = applied === undefined ? '--min-macro-f1' : flags.fast ? `the --fast floors in ${thresholdsFile}` : thresholdsFile;
  // --min-macro-f1 holds whatever the file says: ignored without the file (or its `fast`), it let a gate pass on no floor.
  const thresholds: Thresholds | undefined = flags.minMacroF1 !== undefined ? { ...applied, macroF1: flags.minMacroF1 } : applied;
  if (flags.fast && (flags.html || flags.crossDoc || flags.rules === false)) {
    const unused = [flags.html && '--html', flags.crossDoc && '--cross-doc', flags.rules === false && '--no-rules'].filter(Boolean).join(', ');
    process.stderr.write(`boilerstrip check: --fast cannot be used with ${unused}: the fast model labels text lines from their text and neighbours only\n`);
    return 2;
  }
  const splitsFile = path.join(flags.golden, 'splits.json');
  const splitsJson = await readJson<Splits | undefined>(splitsFile, undefined);
  const splits: Splits = splitsJson ?? {};
  const heldout = new Set(splits.heldout ?? []);
  if (flags.html && Object.keys(splits.benchmarkIds ?? {}).length > 0) {
    // Up front, saying where the pages come from: the first case failed with its page's ENOENT.
    const pages = path.join(flags.benchmark, 'html');
    const isDir = await fs.stat(pages).then((st) => st.isDirectory(), () => false);
    if (!isDir) {
      process.stderr.write(`boilerstrip check: --html reads the article-extraction-benchmark's pages, and ${pages} is not a folder; --benchmark DIR names the benchmark's folder (README: Command line)\n`);
      return 2;
    }
  }
  let cases: Awaited<ReturnType<typeof findCases>>;
  const results: CaseResult[] = [];
  /** --cross-doc: the cases of sites with several pages, labelled without the counts, to compare. */
  const batched: CaseResult[] = [];
  try {
    cases = await findCases(flags.seeds, flags.golden, only);
    const htmlDir = flags.html ? flags.benchmark : undefined;
    // --html: text dumps of benchmark pages are checked on their HTML; other text cases are left
    // out, and so is a Markdown seed: its golden rows are its own lines, which the page's HTML
    // lines do not follow.
    const markdownSeed = (c: (typeof cases)[number]): boolean => /\.(md|markdown)$/i.test(c.seed);
    const inputOf = (c: (typeof cases)[number]): string | undefined => {
      if (htmlDir === undefined || /\.html?$/i.test(c.seed)) return c.seed;
      const id = splits.benchmarkIds?.[c.name];
      return id === undefined || markdownSeed(c) ? undefined : path.join(htmlDir, 'html', `${id}.html.gz`);
    };
    // Every case, seed or benchmark page, with or without --cross-doc's counts, is labelled with --no-rules's setting.
    const run = (c: (typeof cases)[number], input: string, extra: LabelOptions = {}) => {
      const options: LabelOptions = flags.fast ? { fast: true } : { ...extra, rules: flags.rules };
      return input === c.seed ? runCase(c.name, c.seed, c.golden, options) : runHtmlCase(c.name, input, c.golden, options);
    };
    const counts = flags.crossDoc ? await siteCounts(cases.flatMap((c) => (inputOf(c) === undefined ? [] : [{ name: c.name, input: inputOf(c)! }]))) : new Map<string, RepetitionSketch>();
    for (const c of cases) {
      const input = inputOf(c);
      if (input === undefined) {
        if (only.length > 0) {
          const why = markdownSeed(c) ? 'its seed is Markdown, not a text dump of the page' : 'no benchmark page (only the web-* cases have one)';
          process.stderr.write(`boilerstrip check: ${c.name}: ${why}, so --html leaves it out\n`);
        }
        continue;
      }
      const repetition = counts.get(caseSite(c.name));
      results.push(await run(c, input, { repetition }));
      if (repetition) batched.push(await run(c, input));
    }
  } catch (e) {
    if (e instanceof BoilerstripError) {
      process.stderr.write(`boilerstrip check: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (results.length === 0) {
    // A check over no lines would print perfect figures and pass.
    process.stderr.write(`boilerstrip check: nothing to check: no case${flags.html ? ' with a benchmark page' : ''} in ${flags.seeds} with a golden file in ${flags.golden}\n`);
    return 2;
  }
  const out: string[] = [];
  for (const r of results) {
    const wrong = r.lines.filter((l) => l.expected !== l.got);
    out.push(`${r.name}${heldout.has(r.name) ? ' [held-out]' : ''}: ${r.lines.length} lines, ${wrong.length} disagree`);
    if (flags.verbose) {
      for (const l of r.lines) out.push(`  ${String(l.line).padStart(4)} ${l.got === l.expected ? ' ' : '✗'} ${l.got.padEnd(13)} expected ${l.expected.padEnd(13)} first ${l.first.padEnd(13)} ${truncate(l.text, 60)}  | ${l.reason}`);
    }
  }
  const all = results.flatMap((r) => r.lines);
  const metrics = computeMetrics(all);
  // A saved report then says which pipeline its figures are of.
  if (flags.rules === false) out.push('', '--no-rules: the figures below are of the model alone, without the rules (src/rules.ts)');
  if (flags.fast) out.push('', '--fast: the figures below are of the fast model (src/fast/, data/model-fast.json); the HTML and Markdown cases keep their models');
  // Each split's figures with how far other sites could move them (src/interval.ts).
  const intervalOf = (rs: readonly CaseResult[]) => siteInterval(rs.map((r) => ({ site: caseSite(r.name), lines: r.lines })));
  const tune = results.filter((r) => !heldout.has(r.name));
  const held = results.filter((r) => heldout.has(r.name));
  const figures: Array<{ key: string; title: string; cases: readonly CaseResult[]; metrics: Metrics }> = [{ key: 'all', title: `all ${results.length} cases`, cases: results, metrics }];
  // Both splits only when both hold cases: `check fixture-news` printed a "tuning split, 0 cases"
  // table of 1.000s (QA pass 16).
  if (held.length > 0 && tune.length > 0) {
    figures.push({ key: 'tuning', title: `tuning split, ${tune.length} cases`, cases: tune, metrics: computeMetrics(tune.flatMap((r) => r.lines)) });
    figures.push({ key: 'heldout', title: `held-out split, ${held.length} cases (never used for tuning)`, cases: held, metrics: computeMetrics(held.flatMap((r) => r.lines)) });
  }
  const intervals = figures.map((sp) => intervalOf(sp.cases));
  figures.forEach((sp, i) => out.push('', formatMetrics(sp.title, sp.metrics), formatInterval(intervals[i])));
  /** --cross-doc figures by split, for --json. */
  const crossDoc: Array<{ split: string; cases: number; alone: Metrics; batched: Metrics }> = [];
  if (flags.crossDoc) {
    const names = new Set(batched.map((r) => r.name));
    const sites = (rs: readonly CaseResult[]) => {
      const n = new Set(rs.map((r) => caseSite(r.name))).size;
      return `${n} site${n === 1 ? '' : 's'}`;
    };
    const withCounts = results.filter((r) => names.has(r.name));
    // The total once, on a line of its own; each split's heading counts its own cases and sites.
    out.push('', `--cross-doc: ${sites(batched)} with several pages (${batched.length} cases, both splits), each site's pages counted as one batch`);
    for (const [split, keep] of [['tuning', (n: string) => !heldout.has(n)], ['held-out', (n: string) => heldout.has(n)]] as const) {
      const a = batched.filter((r) => keep(r.name));
      if (a.length === 0) continue;
      const b = withCounts.filter((r) => keep(r.name));
      const alone = computeMetrics(a.flatMap((r) => r.lines));
      const together = computeMetrics(b.flatMap((r) => r.lines));
      crossDoc.push({ split: split === 'held-out' ? 'heldout' : split, cases: a.length, alone, batched: together });
      out.push('', formatMetrics(`${split} pages of sites with several pages (${a.length} cases from ${sites(a)}), each labelled alone`, alone));
      out.push('', formatMetrics(`the same ${a.length} cases with each site's pages as one --cross-doc batch`, together));
    }
  }
  // Without it every case counted as tuning and the held-out figures went missing with no word (QA pass 8).
  if (splitsJson === undefined) out.push('', `note: ${splitsFile} not found, so no case is held out: the figures above are all over cases that may have been tuned on`);
  // Where to edit: the golden file and row (the seed's name and a row number read as a line of the page, wrong for HTML).
  const disagreements = results.flatMap((r) => r.lines.filter((l) => l.expected !== l.got).map((l) => `${r.golden}:${l.line} ${l.expected} -> ${l.got}  ${truncate(l.text, 80)}`));
  if (disagreements.length > 0) out.push('', `disagreements (${disagreements.length}):`, ...disagreements);
  // A template add-case wrote is the program's labels: checked before anyone corrects it, it agrees everywhere.
  // A template is written from the seed's own labels: under --html a text dump of a benchmark page
  // is labelled from the page's HTML instead, and its agreeing says nothing about a template (QA pass 16).
  const fromSeed = (name: string): boolean => !flags.html || splits.benchmarkIds?.[name] === undefined;
  if (named) for (const r of results) if (fromSeed(r.name) && r.lines.length > 0 && r.lines.every((l) => l.expected === l.got)) out.push('', `note: every row of ${r.name} agrees with the program's label; a golden file add-case wrote starts as the program's labels, so if this one is new, correct it by reading each line (golden/README.md)`);
  const failures = thresholds ? belowFloors(metrics, thresholds) : [];
  if (named && fileThresholds && flags.minMacroF1 === undefined) out.push('', `floors not applied: those of ${thresholdsFile} are for the whole corpus; run check without case names to compare with them`);
  else if (!thresholds) {
    const why = thresholdsJson !== undefined && flags.fast ? `${thresholdsFile} has none for --fast ("fast")` : `${thresholdsFile} not found`;
    out.push('', `no floors to compare with: ${why}`);
  }
  // The macro-F1 floor of --min-macro-f1 is the flag's, not the file's: say so where it failed.
  else if (failures.length > 0) out.push('', `BELOW FLOOR (${floorsName}${flags.minMacroF1 !== undefined && applied !== undefined ? '; macro-F1 floor from --min-macro-f1' : ''}):`, ...failures.map((f) => `  ${f}${flags.minMacroF1 !== undefined && f.startsWith('macro-F1 ') ? ' (--min-macro-f1)' : ''}`));
  else out.push('', applied === undefined ? 'macro-F1 at or above the --min-macro-f1 floor' : `all figures at or above ${flags.fast ? floorsName : `the floors in ${thresholdsFile}`}`);
  if (flags.json) {
    // The same figures for a dashboard or a CI step: one JSON document, nothing else on stdout.
    const doc = {
      rules: flags.rules !== false,
      html: flags.html === true,
      fast: flags.fast === true,
      cases: results.map((r) => ({
        name: r.name,
        heldout: heldout.has(r.name),
        lines: r.lines.length,
        disagree: r.lines.filter((l) => l.expected !== l.got).length,
        ...(flags.verbose && { rows: r.lines.map((l) => ({ line: l.line, expected: l.expected, got: l.got, first: l.first, text: l.text, reason: l.reason })) }),
      })),
      splits: Object.fromEntries(figures.map((sp, i) => [sp.key, { cases: sp.cases.length, ...sp.metrics, interval: intervals[i] ?? null }])),
      ...(flags.crossDoc && { crossDoc }),
      // The floors themselves, not the file's comment.
      floors: thresholds ? { file: thresholdsFile, macroF1: thresholds.macroF1 ?? null, bodyF1: thresholds.bodyF1 ?? null, classF1: thresholds.classF1 ?? {}, failures } : null,
    };
    process.stdout.write(JSON.stringify(doc, null, 2) + '\n');
  } else process.stdout.write(out.join('\n') + '\n');
  return failures.length > 0 ? 1 : 0;
}

/** --cross-doc for check: the repetition counts of each site with two or more pages, over those pages. */
async function siteCounts(cases: ReadonlyArray<{ name: string; input: string }>): Promise<Map<string, RepetitionSketch>> {
  const { profileInputs } = await import('./profile.js');
  const { caseSite } = await import('../check.js');
  const bySite = new Map<string, string[]>();
  for (const c of cases) bySite.set(caseSite(c.name), [...(bySite.get(caseSite(c.name)) ?? []), c.input]);
  const counts = new Map<string, RepetitionSketch>();
  for (const [site, inputs] of bySite) {
    if (inputs.length < 2) continue;
    const { sketch, failed } = await profileInputs(inputs.map((p) => ({ path: p, rel: path.basename(p) })));
    if (failed > 0) throw new BoilerstripError('ERR_GOLDEN_MISMATCH', `cannot count the pages of site ${site}`);
    counts.set(site, sketch);
  }
  return counts;
}

/**
 * Characters of a long line's end kept when it is cut for display: its last characters decide
 * features (`sent_end`, `ellipsis_end`), and a line cut with only `…` after its start hid them
 * and read like a line that ends in an ellipsis (QA pass 8).
 * @default 12
 */
const SHOWN_TAIL = 12;

/** A line cut to about `n` characters for display, keeping its start and end around ` […] `. */
function truncate(s: string, n: number): string {
  const t = s.trim();
  return t.length > n ? `${t.slice(0, n - SHOWN_TAIL - 5)} […] ${t.slice(-SHOWN_TAIL)}` : t;
}

/** What `add-case --name` accepts: a plain file name that stays inside seeds/ and golden/. */
// Not opening with '-': `check -dash` reads it as an option (QA pass 16).
const CASE_NAME = /^[\p{L}\p{N}_][\p{L}\p{N}._-]*$/u;

interface AddCaseFlags {
  name?: string;
  seeds: string;
  golden: string;
  /** False with --no-rules: the template holds the model's guesses alone. */
  rules?: boolean;
}

/** The --seeds and --golden flags `check` needs to find a case written elsewhere than the defaults. */
function folderFlags({ seeds, golden }: AddCaseFlags): string {
  const quoted = (dir: string) => (/^[\w./-]+$/.test(dir) ? dir : `'${dir.replaceAll("'", `'\\''`)}'`);
  return (seeds === 'seeds' ? '' : ` --seeds ${quoted(seeds)}`) + (golden === 'golden' ? '' : ` --golden ${quoted(golden)}`);
}

/** The inputs a case can be: one page of text, Markdown or HTML (`check` finds a seed by these). */
const ADD_CASE_EXTENSIONS: readonly string[] = ['.txt', '.md', '.markdown', '.html', '.htm'];
/** The same list in words, for the help and the refusal alike. */
const ADD_CASE_TAKES = `${ADD_CASE_EXTENSIONS.slice(0, -1).join(', ')} or ${ADD_CASE_EXTENSIONS.at(-1)}`;

async function addCase(input: string, flags: AddCaseFlags): Promise<number> {
  const [file] = await expandInputs([input]);
  // One file: a case is one page. Given a folder, add-case took the first file in it and dropped
  // the rest without a word, and an empty folder crashed it. Stdin (-) is no path to look up: it
  // failed here as ENOENT, an internal error; the extension check below refuses it.
  if (input !== '-' && (await fs.stat(input)).isDirectory()) throw new UsageError(`add-case takes one file, and ${input} is a folder; add its files one at a time`);
  const ext = path.extname(file!.path).toLowerCase();
  if (!ADD_CASE_EXTENSIONS.includes(ext)) {
    // Say how to get a page it takes from the two inputs people try most (QA pass 8).
    const how =
      ext === '.gz'
        ? `; decompress it first (gunzip -k ${input}) and add the page`
        : ext === '.json' || ext === '.jsonl' || ext === '.ndjson'
          ? `; write the record's page to a file first (for example jq -r .html record.json > page.html) and add that`
          : '';
    throw new UsageError(`add-case takes a ${ADD_CASE_TAKES} file, got ${input}${how}`);
  }
  if (flags.name !== undefined) {
    const named = path.extname(flags.name).toLowerCase();
    // `--name foo.txt` wrote seeds/foo.txt.txt, and `check foo.txt` then read another case's name.
    if (ADD_CASE_EXTENSIONS.includes(named)) throw new UsageError(`--name is the case name without an extension: ${flags.name.slice(0, -named.length)}, not ${flags.name}`);
  }
  // The extension as written ("UPPER.HTML" is the case UPPER): basename(p, ext) matches case.
  const name = flags.name ?? path.basename(file!.path).slice(0, -ext.length);
  // A case is a file name in seeds/ and golden/, and `check NAME` finds it by that name alone.
  if (!CASE_NAME.test(name)) throw new UsageError(`invalid case name "${name}": use letters, digits, '.', '_' and '-' (no '/'), not starting with '.' or '-'; choose another --name`);
  const seed = path.join(flags.seeds, name + ext);
  const golden = path.join(flags.golden, name + '.tsv');
  // A seed of this name in any format: two would be one case name, which check refuses.
  for (const target of [...ADD_CASE_EXTENSIONS.map((e) => path.join(flags.seeds, name + e)), golden]) {
    try {
      await fs.access(target);
      throw new UsageError(`${target} already exists; choose another --name`);
    } catch (e) {
      if (e instanceof UsageError) throw e;
    }
  }
  // A seed without its golden file breaks `check` (and npm test), so the seed is copied under a
  // temporary name first and renamed only once the input has been labelled: an input that cannot
  // be labelled (binary, unreadable) leaves neither file.
  await fs.mkdir(flags.seeds, { recursive: true });
  const seedTmp = path.join(flags.seeds, `.${path.basename(seed)}.${process.pid}.tmp`);
  trackTemp(seedTmp); // an interrupted run removes it (interrupt.ts)
  try {
    await fs.copyFile(file!.path, seedTmp);
    // The user's file, not the copy: a failure then names the file they gave. Its warnings go to
    // stderr as clean and label print them (they were dropped): a frameset page or a page of
    // unknown charset makes a template of lines no reader of the page sees, and the person
    // correcting it must know why.
    const report = (m: string) => process.stderr.write(`boilerstrip: ${oneLine(m)}\n`);
    const result = await processFile(file!, () => fileSink(golden), { command: 'label', keep: DEFAULT_KEEP, explain: false, labels: false, fields: DEFAULT_PAGE_FIELDS, readability: false, rules: flags.rules }, report);
    if (result.status !== 'ok') throw new UsageError(`${result.message ?? `${input}: could not be labelled`}; no case added`);
    // Right after the golden file's rename, with no await between: a signal cannot land between the two.
    renameSync(seedTmp, seed);
    untrackTemp(seedTmp);
  } finally {
    removeTemps();
  }
  process.stdout.write(
    `added ${seed}\nwrote ${golden}: a TEMPLATE with the program's current guesses.\n` +
      `Correct every row by reading it, following golden/README.md, before committing; the template is not the truth.\n` +
      `Then: boilerstrip check ${name} --verbose${folderFlags(flags)}\n`,
  );
  return 0;
}
