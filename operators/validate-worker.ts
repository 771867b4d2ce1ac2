import { parentPort, workerData } from 'node:worker_threads';
import type { ObjectItem } from '../core/item.js';
import type { DatasetRole } from '../core/record.js';
import { decodeObject } from '../sources/decode-object.js';
import { validateRecord } from './validate.js';
import type { ValidateOptions } from './validation/validate-options.js';
import type { CheckReply, CheckRequest, ThreadOptions } from './validation-thread.js';

/**
 * The other end of a `ValidationThread`: decodes each object slice it is
 * sent, runs `validateRecord` with the job's options, and answers one byte
 * per slice, 1 when the object passes unchanged with nothing to report.
 */
const choices = workerData as ThreadOptions;
let authors: ReadonlySet<string> = new Set();
const options: ValidateOptions = { ...choices, isAuthor: (id) => authors.has(id) };

parentPort?.on('message', (message: { authors: string[] } | CheckRequest) => {
  if ('authors' in message) {
    authors = new Set(message.authors);
    return;
  }
  const verdicts = verdictsOf(message);
  const reply: CheckReply = { id: message.id, verdicts };
  parentPort?.postMessage(reply, [verdicts.buffer as ArrayBuffer]);
});

function verdictsOf(request: CheckRequest): Uint8Array {
  const bytes = Buffer.from(request.bytes);
  const verdicts = new Uint8Array(request.ends.length);
  let start = 0;
  for (let n = 0; n < request.ends.length; n++) {
    const end = request.ends[n];
    const slice = { text: bytes.subarray(start, end), exactNumbers: request.exact[n] === 1 };
    start = end;
    verdicts[n] = isCleanAsRead(slice, request.role) ? 1 : 0;
  }
  return verdicts;
}

function isCleanAsRead(
  slice: { text: Buffer; exactNumbers: boolean },
  role: DatasetRole | undefined,
): boolean {
  const decoded = decodeObject(slice, { source: '', index: 0 });
  if (decoded.isErr()) return false;
  const record = { source: '', index: 0, object: decoded.value, bytes: slice.text.length, role };
  const item: ObjectItem = { kind: 'object', record };
  const out = validateRecord(item, options);
  return out.length === 1 && out[0] === item;
}
