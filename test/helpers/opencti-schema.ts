import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { mergeTypeDefs } from '@graphql-tools/merge';
import {
  buildASTSchema,
  getOperationAST,
  getVariableValues,
  parse,
  validate,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';
import { sharedPath } from './shared-dir.js';

/** The OpenCTI versions whose SDL is kept in ../shared/opencti. */
export const OPENCTI_VERSIONS = ['6.8.10', '6.9.17'] as const;
export type OpenCtiVersion = (typeof OPENCTI_VERSIONS)[number];

const SCHEMA_ROOT = process.env.OPENCTI_SCHEMA_DIR ?? sharedPath('opencti');
const cache = new Map<OpenCtiVersion, GraphQLSchema>();

/**
 * The platform's full schema for `version`: config/schema/opencti.graphql
 * merged with every module's .graphql file, as the server does at start-up.
 * Built once per process (about 0.6 s) and cached. The SDL uses directives
 * it never declares (`@rateLimit`), hence `assumeValidSDL`.
 */
export function openCtiSchema(version: OpenCtiVersion): GraphQLSchema {
  const cached = cache.get(version);
  if (cached) return cached;
  const root = join(SCHEMA_ROOT, version);
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.graphql'))
    .sort();
  const merged = mergeTypeDefs(files.map((file) => readFileSync(join(root, file), 'utf8')));
  const schema = buildASTSchema(merged, { assumeValidSDL: true });
  cache.set(version, schema);
  return schema;
}

/** A parsed document, or the syntax error's message. */
export function parseDocument(text: string): DocumentNode | string {
  try {
    return parse(text);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Every reason why OpenCTI `version` would refuse this operation before
 * running it: syntax, validation against the schema, and the variables'
 * coercion to their declared types. Empty when valid.
 */
export function validateOperation(
  text: string,
  variables: Readonly<Record<string, unknown>> | undefined,
  version: OpenCtiVersion,
  operationName?: string,
): string[] {
  const schema = openCtiSchema(version);
  const document = parseDocument(text);
  if (typeof document === 'string') return [document];
  const invalid = validate(schema, document);
  if (invalid.length > 0) return invalid.map((error) => error.message);
  const operation = getOperationAST(document, operationName);
  if (!operation) return [`no single operation named ${operationName ?? '(none)'}`];
  const coerced = getVariableValues(
    schema,
    operation.variableDefinitions ?? [],
    { ...variables },
  );
  return coerced.errors ? coerced.errors.map((error) => error.message) : [];
}
