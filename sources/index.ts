export { decodeObject, type DecodeInput } from './decode-object.js';
export { download, type DownloadOptions, type Downloaded } from './download.js';
export { fromByteStream, type ByteInput } from './from-byte-stream.js';
export { fromFile, type FileSourceOptions } from './from-file.js';
export { fromStdin, spoolStdin } from './from-stdin.js';
export { fromUrl, type UrlSourceOptions } from './from-url.js';
export type { HttpOptions, RetryEvent } from './http-options.js';
export { ObjectSplitter } from './object-splitter.js';
export {
  DownloadError,
  EncodingError,
  InputTooLargeError,
  JsonSyntaxError,
  TruncatedInputError,
  type SourceError,
} from './source-error.js';
export type { SourceOptions } from './source-options.js';
export {
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_OBJECT_BYTES,
  type ObjectSlice,
  type ObjectSummary,
  type SplitEvent,
  type SplitFormat,
  type SplitterOptions,
} from './split-event.js';
