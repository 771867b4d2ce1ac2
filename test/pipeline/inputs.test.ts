import t from 'tap';
import { inDatasetOrder, inputFromArgument, roleFromName } from '../../pipeline/inputs.js';

t.test('roles come from the file name', async (t) => {
  t.equal(roleFromName('/data/sectors.json'), 'sectors');
  t.equal(roleFromName('https://host/data/geography.json?ref=main'), 'geography');
  t.equal(roleFromName('my-companies.ndjson'), 'companies');
  t.equal(roleFromName('threat-actors.json'), undefined);
});

t.test('arguments: stdin, URLs and paths', async (t) => {
  t.same(inputFromArgument('-'), { name: 'stdin', location: { kind: 'stdin' }, role: undefined });
  t.same(inputFromArgument('https://h/sectors.json').location, { kind: 'url', url: 'https://h/sectors.json' });
  t.same(inputFromArgument('file:///x/a.json').location, { kind: 'url', url: 'file:///x/a.json' });
  t.same(inputFromArgument('data/x.json', 'companies'), {
    name: 'data/x.json',
    location: { kind: 'path', path: 'data/x.json' },
    role: 'companies',
  });
});

t.test('dataset order: sectors, geography, companies, then the rest as given', async (t) => {
  const names = inDatasetOrder([
    { name: 'extra-1' },
    { name: 'c', role: 'companies' as const },
    { name: 'g', role: 'geography' as const },
    { name: 'extra-2' },
    { name: 's', role: 'sectors' as const },
  ]).map((input) => input.name);
  t.same(names, ['s', 'g', 'c', 'extra-1', 'extra-2']);
});
