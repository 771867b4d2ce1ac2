import t from 'tap';
import * as api from '../index.js';

t.test('the public surface is pinned', async (t) => {
  t.same(
    Object.keys(api).sort(),
    [
      'CreditWindow',
      'DATASET_ROLES',
      'DEFAULT_MAX_DEPTH',
      'DEFAULT_MAX_OBJECT_BYTES',
      'DependencyOrder',
      'DownloadError',
      'EncodingError',
      'ExactNumber',
      'IdIndex',
      'InputTooLargeError',
      'JsonSyntaxError',
      'ObjectSplitter',
      'OpenCtiError',
      'RunReport',
      'SinkError',
      'TruncatedInputError',
      'WELL_KNOWN_MARKINGS',
      'ConfigError',
      'about',
      'accountingLine',
      'addExpectations',
      'batchItems',
      'bytesHash',
      'decodeObject',
      'dedupeById',
      'dedupeRecord',
      'dedupeState',
      'describeProblem',
      'download',
      'fromByteStream',
      'fromFile',
      'fromStdin',
      'fromUrl',
      'graphqlClient',
      'idOf',
      'inputFromArgument',
      'isJsonObject',
      'isObjectItem',
      'loadSettings',
      'objectItem',
      'objectRefs',
      'openCtiApiSink',
      'orderByDependency',
      'pingConnector',
      'prepareInput',
      'prepareInputs',
      'registerConnector',
      'removeCreator',
      'renderSummary',
      'runDatasetsJob',
      'runPipeline',
      'serialize',
    'serializeRecord',
      'spoolStdin',
      'stixBundlePush',
      'stripCreator',
      'toBundleFile',
      'toNdjsonFile',
      'toProcessed',
      'toRabbitMq',
      'toRejectsFile',
      'toStdout',
      'validate',
      'validateRecord',
      'withObject',
      'workAdd',
    ].sort(),
  );
});

t.test('a source, an operator and a sink compose into a pipeline', async (t) => {
  const { lastValueFrom, from, reduce } = await import('rxjs');
  const items = [
    api.objectItem({
      source: 'inline',
      index: 0,
      bytes: 0,
      object: {
        type: 'identity',
        spec_version: '2.1',
        id: 'identity--0c90429a-647f-4e1b-ae2e-a007fec01ae8',
        created: '2023-11-19T00:56:33.38746Z',
        modified: '2023-11-19T00:56:33.38746Z',
        name: 'Agriculture',
        identity_class: 'class',
      },
    }),
    api.objectItem({
      source: 'inline',
      index: 1,
      bytes: 0,
      object: { type: 'identity', id: 'nope' },
    }),
  ];
  const kinds = await lastValueFrom(
    from(items).pipe(
      api.validate(),
      reduce((all, item) => [...all, item.kind], [] as string[]),
    ),
  );
  t.same(kinds, ['object', 'rejected']);
});
