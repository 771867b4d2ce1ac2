type Numbers = Uint8Array | Uint16Array | Uint32Array | Float64Array;

/** Entries per page: 65,536. */
const PAGE_BITS = 16;
const PAGE_MASK = (1 << PAGE_BITS) - 1;

/**
 * A growable column of numbers in fixed pages of typed arrays. Growing adds
 * one page and copies nothing, so a column of n entries never holds more
 * than one page beyond them, and never two copies of itself (a contiguous
 * array grown by reallocation briefly holds both, 2.5 times its size).
 * `width` numbers per entry (4 for a UUID's words).
 */
export class PagedColumn<T extends Numbers> {
  private readonly pages: T[] = [];

  constructor(
    private readonly make: (length: number) => T,
    readonly width = 1,
  ) {}

  /** Makes room for entries up to `entry` (zero until set). */
  reserve(entry: number): void {
    while (this.pages.length <= entry >>> PAGE_BITS) {
      this.pages.push(this.make((PAGE_MASK + 1) * this.width));
    }
  }

  get(entry: number, part = 0): number {
    return this.pages[entry >>> PAGE_BITS][(entry & PAGE_MASK) * this.width + part];
  }

  set(entry: number, value: number, part = 0): void {
    this.pages[entry >>> PAGE_BITS][(entry & PAGE_MASK) * this.width + part] = value;
  }

  /** The page holding `entry` and where its numbers start in it: for loops
   * over an entry's parts without a page lookup each. */
  page(entry: number): T {
    return this.pages[entry >>> PAGE_BITS];
  }

  static offset(entry: number, width: number): number {
    return (entry & PAGE_MASK) * width;
  }

  bytes(): number {
    return this.pages.reduce((sum, page) => sum + page.byteLength, 0);
  }
}
