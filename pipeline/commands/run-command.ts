import { runConnectorLoop } from '../connector/connector-loop.js';
import { openContext } from './command-context.js';

export interface RunOptions {
  readonly config?: string;
  readonly force: boolean;
}

/** `opencti-datasets run`: the OpenCTI connector. */
export async function runConnectorCommand(options: RunOptions): Promise<number> {
  const context = openContext(options);
  if (!context) return 1;
  return runConnectorLoop({ ...context, force: options.force });
}
