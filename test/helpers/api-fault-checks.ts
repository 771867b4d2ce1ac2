import tap from 'tap';
import { connectorSetup, errorLines } from './fault-setup.js';
import type { CliRun } from './run-cli.js';
import type { InjectedFailure } from './opencti-emulator.js';

export type Setup = Awaited<ReturnType<typeof connectorSetup>>;

/** The common verdict of a failed run: exit 1, an error naming `operation`
 * (and `pattern`), the token nowhere, the state not advanced. */
export function failedClearly(t: Tap.Test, setup: Setup, run: CliRun, operation: string, pattern: RegExp, before: unknown) {
  t.equal(run.code, 1, `exit 1 (${run.stderr.slice(-600)})`);
  const errors = errorLines(run);
  t.ok(errors.length >= 1, 'at least one error line');
  t.ok(
    errors.some((e) => String(e.message).includes(operation) && pattern.test(String(e.message))),
    `an error names ${operation} and matches ${pattern}: ${errors.map((e) => e.message).join(' | ')}`,
  );
  t.notOk(run.stderr.includes(setup.emulator.token) || run.stdout.includes(setup.emulator.token), 'no token');
  t.same(setup.storedState(), before, 'the stored state (last_run) is unchanged');
  t.same(setup.emulator.invalidOperations, [], 'every operation sent is valid');
}

/** One connector for the whole test file (closed in the root's teardown), primed by a first good run so that
 * there is a last_run to keep; each test forces a new run into a fault. */
let shared: (Setup & { before: Record<string, unknown> }) | undefined;
export async function primed(t: Tap.Test) {
  if (!shared) {
    const setup = await connectorSetup(tap);
    const first = await setup.run();
    t.equal(first.code, 0, first.stderr.slice(-1000));
    await setup.settle();
    shared = { ...setup, before: setup.storedState() };
  }
  const before = shared.storedState();
  t.type(before.last_run, 'number');
  return { ...shared, before, worksBefore: shared.works().length };
}
export const API = { CONNECTOR_QUEUE_PROTOCOL: 'api' };
/** Calls one operation gets with CONFIG_HTTP_RETRIES=1: a retried failure
 * fails both attempts; the others are not retried. A planned failure left
 * over would leak into the next test. */
export const attemptsOf = (kind: InjectedFailure): number => (kind === 'http-500' ? 2 : 1);

