import { createReadStream } from 'node:fs';
import { IdIndex } from '../operators/id-index.js';
import { ObjectSplitter } from '../sources/object-splitter.js';
import type { SplitEvent } from '../sources/split-event.js';
import type { PreparedInput } from './inputs.js';

export interface IndexedInputs {
  readonly index: IdIndex;
  /** Objects seen per input name (whole, oversize or too deep). */
  readonly read: ReadonlyMap<string, number>;
  /** The first input that could not be read to its end, if any. */
  readonly failure?: Error;
}

/**
 * Pass 1: scans every input with the splitter, without parsing objects, and
 * fills an {@link IdIndex} with each object's id, type, `modified`, author
 * and content hash. Memory: the index (about 50 bytes per id) and one chunk.
 *
 * Shortcoming: per-id memory is not bounded. The index holds 49 B per
 * distinct id (paged columns plus hash slots, measured at one million ids),
 * and a whole export grows by about 70 B of peak RSS per id: about 165 MiB
 * at 70k ids (40 MiB of input), 275 MiB at 1.78M ids (a 1 GiB bundle).
 * Inputs of more than about 1.5M distinct ids pass 256 MiB; the datasets
 * hold a few thousand. A disk-backed index would lift it.
 */
export async function indexInputs(
  inputs: readonly PreparedInput[],
  options: {
    readonly maxObjectBytes: number;
    /** Asked between chunks: true ends the pass at once, as a failure. */
    readonly shouldStop?: () => boolean;
  },
): Promise<IndexedInputs> {
  const index = new IdIndex(inputs.map((input) => input.name));
  const read = new Map<string, number>();
  let failure: Error | undefined;

  for (const [source, input] of inputs.entries()) {
    const splitter = new ObjectSplitter({
      source: input.name,
      summarize: true,
      maxObjectBytes: options.maxObjectBytes,
    });
    let count = 0;
    const take = (events: SplitEvent[]): void => {
      for (const event of events) {
        if (event.kind === 'fatal') failure ??= event.error;
        else if (event.kind === 'object') {
          count += 1;
          const summary = event.summary;
          if (summary === undefined) continue;
          // Field by field: a spread cost 0.22 s here on 348k objects, this 0.05 s.
          index.add({
            source, index: event.index, id: summary.id, type: summary.type,
            modified: summary.modified, createdByRef: summary.createdByRef, hash: summary.hash,
          });
        } else if (event.kind !== 'bom') count += 1;
      }
    };
    for await (const chunk of createReadStream(input.path, { highWaterMark: 1 << 20 })) {
      if (options.shouldStop?.()) {
        read.set(input.name, count);
        return { index, read, failure: new Error('interrupted: stopped while indexing') };
      }
      take(splitter.push(chunk as Buffer));
    }
    take(splitter.end());
    read.set(input.name, count);
  }
  return { index, read, failure };
}
