import t from 'tap';
import {
  existsSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync,
} from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { readNdjson, tempDir } from '../helpers/case-files.js';
import { counts, runCli } from '../helpers/run-cli.js';
import { validateStix } from '../helpers/stix-schemas.js';

t.test('export with no input: the embedded datasets to out/, as npm start does', async (t) => {
  const cwd = tempDir('start-');
  const run = await runCli(['export'], { cwd });
  t.equal(run.code, 0, run.stderr.slice(-1500));
  t.same(counts(run), [723, 721, 2, 0, 0]);
  t.match(
    run.stderr,
    /read 723 = emitted 721 \+ merged 2 \+ rejected 0 \+ deferred 0 \(balanced\)/,
  );
  const bundle = JSON.parse(readFileSync(join(cwd, 'out/bundle.json'), 'utf8'));
  t.equal(bundle.type, 'bundle');
  t.match(bundle.id, /^bundle--[0-9a-f-]{36}$/);
  t.notOk('spec_version' in bundle);
  t.equal(bundle.objects.length, 721);
  t.same(
    bundle.objects.flatMap((o: object) => validateStix(o)),
    [],
    'OASIS STIX 2.1 schemas',
  );
  t.equal(readFileSync(join(cwd, 'out/rejects.ndjson'), 'utf8'), '');
  t.same(
    readdirSync(join(cwd, 'out')).sort(),
    ['bundle.json', 'rejects.ndjson'],
    'no temp file left',
  );
});

t.test('bundle, NDJSON and stdout carry exactly the same objects', async (t) => {
  const dir = tempDir('formats-');
  const bundle = await runCli(['export', '--out', join(dir, 'all.json')]);
  const ndjson = await runCli(['export', '--out', join(dir, 'all.ndjson')]);
  const stdout = await runCli(['export', '--out', '-', '--format', 'ndjson', '-q']);
  t.same([bundle.code, ndjson.code, stdout.code], [0, 0, 0]);

  const fromBundle = JSON.parse(readFileSync(join(dir, 'all.json'), 'utf8')).objects;
  const fromNdjson = readNdjson(join(dir, 'all.ndjson'));
  t.same(fromNdjson, fromBundle);
  t.equal(stdout.stdout, readFileSync(join(dir, 'all.ndjson'), 'utf8'), 'stdout is byte-identical');
});

t.test('validate reports and writes nothing', async (t) => {
  const dir = tempDir('validate-');
  const run = await runCli(['validate', join(import.meta.dirname, '../../datasets/sectors.json')], {
    cwd: dir,
  });
  t.equal(run.code, 0);
  t.same(counts(run), [121, 121, 0, 0, 0]);
  t.same(readdirSync(dir), []);
});

t.test(
  'configuration: config.yml in the working directory, the environment wins, bad keys all named',
  async (t) => {
    const cwd = tempDir('config-');
    writeFileSync(
      join(cwd, 'config.yml'),
      'config:\n  remove_creator: false\n  companies_file_url: false\n',
    );
    const fromFile = await runCli(
      [
        'export',
        '--out',
        'out.ndjson',
        '--sectors',
        join(import.meta.dirname, '../../datasets/sectors.json'),
      ],
      { cwd },
    );
    t.equal(fromFile.code, 0);
    t.ok(
      readNdjson(join(cwd, 'out.ndjson')).some((o) => 'created_by_ref' in o),
      'remove_creator: false was read',
    );

    const bad = await runCli(['export'], {
      cwd,
      env: { CONFIG_INTERVAL: '-1', CONFIG_REMOVE_CREATOR: 'maybe', CONNECTOR_LOG_LEVEL: 'loud' },
    });
    t.equal(bad.code, 1);
    for (const key of ['CONFIG_INTERVAL', 'CONFIG_REMOVE_CREATOR', 'CONNECTOR_LOG_LEVEL'])
      t.match(bad.stderr, key);
    t.notOk(existsSync(join(cwd, 'out')), 'nothing was done');
  },
);

t.test('usage errors exit 1 with a hint', async (t) => {
  const wrongFlag = await runCli(['export', '--nope']);
  t.equal(wrongFlag.code, 1);
  t.match(wrongFlag.stderr, /unknown option '--nope'/);
  const wrongFormat = await runCli(['export', '--format', 'xml']);
  t.equal(wrongFormat.code, 1);
  t.match(wrongFormat.stderr, /Allowed choices are bundle, ndjson/);
  const contradiction = await runCli(['export', '--drop-author', '--keep-creator']);
  t.equal(contradiction.code, 1);
  t.match(contradiction.stderr, /'--drop-author' cannot be used with option '--keep-creator'/);
});

t.test(
  '--drop-author withholds the author nothing else references, and the run stays clean',
  async (t) => {
    const dir = tempDir('drop-author-');
    const run = await runCli(['export', '--drop-author', '--out', join(dir, 'all.ndjson')]);
    t.equal(run.code, 0, 'a withheld author is on purpose, not a partial run');
    t.same(counts(run), [723, 720, 2, 0, 1]);
    const objects = readNdjson(join(dir, 'all.ndjson'));
    t.notOk(
      objects.some((o) => o.name === 'Filigran'),
      'the author is not sent',
    );
    t.ok(run.logs.some((log) => log.rule === 'author-dropped'));
  },
);

t.test('--out naming a directory stops before any work', async (t) => {
  const dir = tempDir('outdir-');
  const run = await runCli(['export', '--out', dir]);
  t.equal(run.code, 1);
  t.match(run.stderr, /is a directory; name a file/);
  t.same(readdirSync(dir), []);
});

t.test('--no-atomic keeps what was read before an input broke', async (t) => {
  const dir = tempDir('no-atomic-');
  const broken = join(dir, 'broken.json');
  const geography = readFileSync(join(import.meta.dirname, '../../datasets/geography.json'));
  writeFileSync(broken, geography.subarray(0, 20_000));
  const sectors = join(import.meta.dirname, '../../datasets/sectors.json');

  const atomic = await runCli(['export', sectors, broken, '--out', join(dir, 'atomic.ndjson')]);
  t.equal(atomic.code, 1);
  t.notOk(existsSync(join(dir, 'atomic.ndjson')), 'atomic: no file at all');

  const kept = await runCli([
    'export',
    sectors,
    broken,
    '--no-atomic',
    '--out',
    join(dir, 'kept.ndjson'),
  ]);
  t.equal(kept.code, 1, 'still a failed run');
  const objects = readNdjson(join(dir, 'kept.ndjson'));
  t.equal(objects.length, kept.total?.emitted, 'the file holds what the report calls emitted');
  t.ok(objects.length >= 121, 'the sectors and the whole part of geography');
  t.match(kept.stderr, /unexpected end of input at byte 20000/);
});

t.test('stdin: read twice through a spooled copy, which is deleted after the run', async (t) => {
  const cwd = tempDir('stdin-');
  const sectors = readFileSync(join(import.meta.dirname, '../../datasets/sectors.json'));
  const run = await runCli(['export', '-', '--out', 'out.ndjson', '-q'], { cwd, stdin: sectors });
  t.equal(run.code, 0, run.stderr.slice(-1500));
  t.equal(readNdjson(join(cwd, 'out.ndjson')).length, 121, 'every sector, read from stdin');
  const cache = join(cwd, '.cache/opencti-datasets');
  const left = existsSync(cache) ? readdirSync(cache).filter((name) => name.startsWith('stdin-')) : [];
  t.same(left, [], 'no spooled copy left behind');
});

t.test('outputs that would destroy an input or each other are refused up front', async (t) => {
  const cwd = tempDir('clash-');
  const sectors = readFileSync(join(import.meta.dirname, '../../datasets/sectors.json'));
  writeFileSync(join(cwd, 'in.json'), sectors);

  const onInput = await runCli(['export', 'in.json', '--out', 'o.ndjson', '--rejects', 'in.json'],
    { cwd });
  t.equal(onInput.code, 1);
  t.match(onInput.stderr, /--rejects in\.json is the input in\.json/);
  t.same(readFileSync(join(cwd, 'in.json')), sectors, 'the input is intact');

  // The output too: replacing the input would lose what it rejected from it.
  const inPlace = await runCli(['export', 'in.json', '--out', './in.json'], { cwd });
  t.equal(inPlace.code, 1);
  t.match(inPlace.stderr, /--out \.\/in\.json is the input in\.json; writing it would destroy it/);
  t.same(readFileSync(join(cwd, 'in.json')), sectors, 'the input is intact');

  // One file under two names would be read, and its problems counted, twice.
  symlinkSync('in.json', join(cwd, 'link.json'));
  for (const command of ['export', 'validate']) {
    const repeated = await runCli([command, 'in.json', 'link.json', '-q'], { cwd });
    t.equal(repeated.code, 1, command);
    t.match(repeated.stderr, /inputs in\.json and link\.json are the same file; name it once/);
  }
  rmSync(join(cwd, 'link.json'));

  // The same through a file: URL, which is read from the disk as well.
  const url = pathToFileURL(join(cwd, 'in.json')).href;
  const viaUrl = await runCli(['export', url, '--out', 'in.json'], { cwd });
  t.equal(viaUrl.code, 1);
  t.match(viaUrl.stderr, /--out in\.json is the input file:/);
  const urlRejects =
    await runCli(['export', url, '--out', 'o.json', '--rejects', 'in.json'], { cwd });
  t.equal(urlRejects.code, 1);
  const urlTwice = await runCli(['validate', url, 'in.json'], { cwd });
  t.equal(urlTwice.code, 1);
  t.match(urlTwice.stderr, /are the same file/);
  t.same(readFileSync(join(cwd, 'in.json')), sectors, 'the input is intact');

  const validating = await runCli(['validate', 'in.json', '--rejects', './in.json'], { cwd });
  t.equal(validating.code, 1);
  t.same(readFileSync(join(cwd, 'in.json')), sectors);

  const twice = await runCli(['export', 'in.json', '--out', 'f.ndjson', '--rejects', 'f.ndjson'],
    { cwd });
  t.equal(twice.code, 1);
  t.match(twice.stderr, /--out and --rejects name the same file/);

  for (const flag of ['--out', '--rejects']) {
    const asUrl = await runCli(['export', 'in.json', flag, 'file:///tmp/x.json'], { cwd });
    t.equal(asUrl.code, 1, flag);
    t.match(asUrl.stderr, `${flag} file:///tmp/x.json is a URL; outputs take a file path`);
  }

  const nameless = await runCli(['export', 'in.json', '--out', ''], { cwd });
  t.equal(nameless.code, 1);
  t.match(nameless.stderr, /--out needs a file name/);
  t.same(readdirSync(cwd).sort(), ['in.json'], 'nothing was written');
});

t.test('--out in a folder that cannot be made: one line, exit 1, no hang', async (t) => {
  const cwd = tempDir('folders-');
  const nested = await runCli(['export', '--out', 'a/b/c/x.ndjson', '-q'], { cwd });
  t.equal(nested.code, 0, 'missing folders are made');
  t.ok(existsSync(join(cwd, 'a/b/c/x.ndjson')));

  writeFileSync(join(cwd, 'plain'), 'not a folder');
  const blocked = await runCli(['export', '--out', 'plain/x.ndjson'], { cwd, timeoutMs: 20_000 });
  t.equal(blocked.code, 1);
  t.match(blocked.stderr, /ENOTDIR.*plain\/x\.ndjson/);
  if (existsSync('/proc/self')) {
    const proc = await runCli(['export', '--out', '/proc/nope/x.json'], { cwd, timeoutMs: 20_000 });
    t.equal(proc.code, 1, 'procfs refuses the folder; the answer comes at once');
  }
});

t.test('every dataset disabled and no input: an empty bundle, said with a warning', async (t) => {
  const cwd = tempDir('none-');
  const env = {
    CONFIG_SECTORS_FILE_URL: 'false', CONFIG_GEOGRAPHY_FILE_URL: 'false',
    CONFIG_COMPANIES_FILE_URL: 'false',
  };
  const run = await runCli(['export', '--out', 'e.json'], { cwd, env });
  t.equal(run.code, 0, run.stderr.slice(-1500));
  t.match(run.stderr, /"level":"warn".*no input: every dataset is disabled/);
  t.same(JSON.parse(readFileSync(join(cwd, 'e.json'), 'utf8')).objects, []);
});

t.test('--drop-author with remove-creator off by configuration: said, not silent', async (t) => {
  const cwd = tempDir('drop-off-');
  const env = { CONFIG_REMOVE_CREATOR: 'false' };
  const run = await runCli(['export', '--drop-author', '--out', 'a.json'], { cwd, env });
  t.equal(run.code, 0, run.stderr.slice(-1500));
  t.match(run.stderr, /"level":"warn".*--drop-author has no effect: remove-creator is off/);
});
