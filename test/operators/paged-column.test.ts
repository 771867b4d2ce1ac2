import t from 'tap';
import { PagedColumn } from '../../operators/paged-column.js';

t.test('values across page boundaries; growth adds pages, copies nothing', async (t) => {
  const column = new PagedColumn((n) => new Uint32Array(n));
  t.equal(column.bytes(), 0, 'no page before the first entry');
  column.reserve(0);
  t.equal(column.bytes(), 65_536 * 4, 'one page of 65,536 entries');
  const first = column.page(0);

  column.reserve(65_536);
  t.equal(column.bytes(), 2 * 65_536 * 4);
  t.equal(column.page(0), first, 'the first page is the same array: nothing was copied');
  column.set(65_535, 7);
  column.set(65_536, 8);
  t.equal(column.get(65_535), 7);
  t.equal(column.get(65_536), 8);
  t.equal(column.get(1), 0, 'zero until set');
});

t.test('several numbers per entry', async (t) => {
  const words = new PagedColumn((n) => new Uint32Array(n), 4);
  words.reserve(70_000);
  for (let part = 0; part < 4; part++) words.set(70_000, 100 + part, part);
  const at = PagedColumn.offset(70_000, 4);
  t.same([...words.page(70_000).subarray(at, at + 4)], [100, 101, 102, 103]);
  t.equal(words.get(69_999, 3), 0, 'the neighbour is untouched');
  t.equal(words.bytes(), 2 * 65_536 * 4 * 4);
});
