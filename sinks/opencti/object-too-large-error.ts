import type { Position } from '../../core/record.js';

/**
 * An object whose JSON alone, wrapped in a bundle, exceeds the size limit
 * of one API call: it can never be sent that way. It names the object
 * (source, `objects[index]`, id), its size and the limit.
 */
export class ObjectTooLargeError extends Error {
  override readonly name = 'ObjectTooLargeError';
  /** Where the object was read (not the object itself, which may be huge). */
  readonly position: Position;

  constructor(
    position: Position,
    readonly id: string | undefined,
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(
      `${position.source}: objects[${position.index}] ${id ?? '(no id)'} needs a ` +
        `${bytes}-byte bundle, over the limit of ${limit} bytes`,
    );
    const { source, index, offset } = position;
    this.position = offset === undefined ? { source, index } : { source, index, offset };
  }
}
