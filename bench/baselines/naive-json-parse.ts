import { createWriteStream, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';

/**
 * The naive baseline: what a person writes in ten minutes. Reads the whole
 * bundle with `JSON.parse`, checks the id, the timestamps and the name,
 * keeps the first copy of each id, and writes one `JSON.stringify` per line.
 * Memory grows with the file (about 3x its size); a file over ~512 MB cannot
 * be read at all (V8's string limit).
 *
 * Usage: `node dist/bench/baselines/naive-json-parse.js IN.json OUT.ndjson`;
 * prints `{"read":N,"written":N,"rejected":N,"duplicates":N}`.
 */
const ID = /^[a-z][a-z0-9-]*--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

type Stix = { [key: string]: unknown };

function isValid(object: Stix): boolean {
  if (typeof object.id !== 'string' || !ID.test(object.id)) return false;
  for (const key of ['created', 'modified']) {
    const value = object[key];
    if (value !== undefined && (typeof value !== 'string' || !TIMESTAMP.test(value))) return false;
  }
  const named = object.type !== 'relationship' && object.type !== 'marking-definition';
  return !named || (typeof object.name === 'string' && object.name.length > 0);
}

async function main(input: string, output: string): Promise<void> {
  const bundle = JSON.parse(readFileSync(input, 'utf8')) as { objects: Stix[] };
  const seen = new Map<string, Stix>();
  const counts = { read: 0, written: 0, rejected: 0, duplicates: 0 };
  const out = createWriteStream(output);

  let chunk = '';
  for (const object of bundle.objects) {
    counts.read++;
    if (!isValid(object)) {
      counts.rejected++;
      continue;
    }
    if (seen.has(object.id as string)) {
      counts.duplicates++;
      continue;
    }
    seen.set(object.id as string, object);
    chunk += `${JSON.stringify(object)}\n`;
    counts.written++;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }

  out.end(chunk);
  await finished(out);
  process.stdout.write(`${JSON.stringify(counts)}\n`);
}

const [input, output] = process.argv.slice(2);
if (input === undefined || output === undefined) {
  process.stderr.write('usage: naive-json-parse IN.json OUT.ndjson\n');
  process.exitCode = 1;
} else {
  main(input, output).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
