/**
 * The published report schema (src/report/report.schema.json), compiled once with ajv (draft 2020-12), for any
 * test that wants to check a Report against the contract:
 *
 *   expect(validateReport(report)).toEqual([]);
 */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';

const schemaUrl = new URL('../../src/report/report.schema.json', import.meta.url);

/** The schema as parsed JSON (read from disk, so the test sees exactly the published file). */
export const reportSchema = JSON.parse(readFileSync(schemaUrl, 'utf8')) as Record<string, unknown> & {
  readonly properties: Record<string, unknown>;
  readonly required: readonly string[];
};

const ajv = new Ajv2020({ allErrors: true, strict: true });
const validate = ajv.compile(reportSchema);

function describeError(e: ErrorObject): string {
  const where = e.instancePath === '' ? '(root)' : e.instancePath;
  const params = e.keyword === 'enum' || e.keyword === 'const' ? ` ${JSON.stringify(e.params)}` : '';
  return `${where} ${e.message ?? e.keyword}${params} [${e.schemaPath}]`;
}

/** Validates a report against the schema; returns one line per error, empty when it is valid. */
export function validateReport(report: unknown): string[] {
  if (validate(report)) return [];
  return (validate.errors ?? []).map(describeError);
}
