import { map, type OperatorFunction } from 'rxjs';
import type { ObjectItem } from '../../core/item.js';
import { DATASET_ROLES } from '../../core/record.js';
import type { SinkEvent } from '../../sinks/sink-event.js';
import { toRejectsFile } from '../../sinks/to-rejects-file.js';
import { inputsOf, openContext, type InputOptions } from './command-context.js';
import { outputClash } from './output-clash.js';
import { repeatedInput } from './repeated-input.js';
import { runAndReport } from './run-and-report.js';

/** Counts objects without writing them: the sink of `validate`. */
const countOnly: OperatorFunction<ObjectItem, SinkEvent> = map((item) => ({
  kind: 'written',
  count: 1,
  bytes: item.record.bytes,
}));

/** `opencti-datasets validate`: report every problem, write nothing but rejects. */
export async function runValidateCommand(args: string[], options: InputOptions): Promise<number> {
  if (args.length === 0 && !DATASET_ROLES.some((role) => options[role])) {
    process.stderr.write(
      'opencti-datasets: validate needs at least one input: a path, URL or - ' +
        '(stdin), or --sectors, --geography, --companies\n',
    );
    return 1;
  }
  const context = openContext(options);
  if (!context) return 1;
  const specs = inputsOf(args, options, context.settings, false);
  const clash = repeatedInput(specs) ?? outputClash(specs, undefined, options.rejects);
  if (clash !== undefined) {
    process.stderr.write(`opencti-datasets: ${clash}\n`);
    return 1;
  }
  // Read every input to its end, even a broken one: report all it holds.
  return runAndReport(
    context,
    specs,
    { ...options, atomic: false },
    {
      sink: countOnly,
      rejects: options.rejects ? toRejectsFile(options.rejects) : undefined,
      rejectsPath: options.rejects,
      atomic: false,
    },
  );
}
