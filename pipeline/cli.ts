#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { packageRoot } from './package-root.js';

// Each command's modules are imported when it runs, not at start-up: `export`
// then loads neither amqplib nor the connector (start-up time of `npm start`).
const exportCommand = () => import('./commands/export-command.js');
const validateCommand = () => import('./commands/validate-command.js');
const runCommand = () => import('./commands/run-command.js');

/** Options shared by the commands that read datasets. */
const withInputOptions = (command: Command): Command =>
  command
    .option('-c, --config <file>', 'config.yml to read (default: ./config.yml when present)')
    .option('--sectors <location>', 'the sectors dataset (path, URL or -)')
    .option('--geography <location>', 'the geography dataset (path, URL or -)')
    .option('--companies <location>', 'the companies dataset (path, URL or -)')
    .addOption(
      new Option('--role <role>', 'dataset role of the positional inputs').choices([
        'sectors',
        'geography',
        'companies',
      ]),
    )
    .option('-r, --rejects <file>', 'write rejected, deferred and dropped parts here (NDJSON)')
    .option('--strict', 'reject STIX 2.0 objects instead of upgrading them', false)
    .option('--assume-utc', 'read timestamps without a zone as UTC (counted)', false)
    .option('--fix-identity-class', 'set identity_class=class on sectors (counted)', false)
    .option('--keep-creator', 'keep created_by_ref (overrides CONFIG_REMOVE_CREATOR)')
    .addOption(
      new Option(
        '--drop-author',
        'with remove-creator, also withhold authors nothing else references',
      )
        .default(false)
        .conflicts('keepCreator'),
    )
    .option('--no-atomic', 'stream objects out even when an input turns out broken')
    .option('-q, --quiet', 'only errors on stderr (and the summary of a partial run)', false);

/** The version of package.json. */
const packageVersion = (): string =>
  String(JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).version);

export function buildProgram(): Command {
  const program = new Command('opencti-datasets')
    .description('Stream STIX 2.1 reference datasets into OpenCTI or into files')
    .version(packageVersion(), '-V, --version', 'print the version and exit')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  withInputOptions(
    program
      .command('export')
      .description('validate, dedupe and order datasets, and write them to a file (no input: the embedded datasets)')
      .argument('[inputs...]', 'dataset files, URLs, or - for stdin'),
  )
    .option('-o, --out <file>', 'output file, or - for stdout', 'out/bundle.json')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['bundle', 'ndjson']))
    .action(async (inputs: string[], options) =>
      setExit(await (await exportCommand()).runExportCommand(inputs, options)));

  withInputOptions(
    program
      .command('validate')
      .description('check datasets and report every problem, without writing them anywhere')
      .argument('[inputs...]', 'dataset files, URLs, or - for stdin (or use --sectors...)'),
  ).action(async (inputs: string[], options) =>
    setExit(await (await validateCommand()).runValidateCommand(inputs, options)));

  program
    .command('run')
    .description('run as an OpenCTI connector: push the datasets every CONFIG_INTERVAL days')
    .option('-c, --config <file>', 'config.yml to read (default: ./config.yml when present)')
    .option('--force', 'push every dataset even when unchanged since the last run', false)
    .action(async (options) =>
      setExit(await (await runCommand()).runConnectorCommand(options)));

  return program;
}

const setExit = (code: number): void => {
  process.exitCode = code;
};

async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : 1;
      return;
    }
    process.stderr.write(`opencti-datasets: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}

await main(process.argv);
