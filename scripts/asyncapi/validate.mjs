// Validates AsyncAPI documents with the official parser (@asyncapi/parser): the spec's schema,
// every $ref (docs/schema/environment.schema.json is referenced) and the parser's rules.
// Usage: node validate.mjs <file>...  Prints "<file>: valid ..." or each error and
// "<file>: invalid"; exits 1 when any file has an error.
import { Parser, DiagnosticSeverity } from '@asyncapi/parser';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const files = process.argv.length > 2 ? process.argv.slice(2) : ['../../docs/asyncapi.yaml'];
const parser = new Parser();
const severity = { [DiagnosticSeverity.Error]: 'error', [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'info', [DiagnosticSeverity.Hint]: 'hint' };
let failed = false;
for (const name of files) {
  const file = resolve(name);
  const { document, diagnostics } = await parser.parse(await readFile(file, 'utf8'), {
    source: pathToFileURL(file).href, // relative $refs resolve next to the file
  });
  for (const d of diagnostics) {
    console.log(`${name}: ${severity[d.severity]} ${d.code} at ${d.path.join('.')}: ${d.message}`);
  }
  const errors = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
  if (!document || errors.length > 0) {
    console.log(`${name}: invalid, ${errors.length} error(s)`);
    failed = true;
  } else {
    console.log(`${name}: valid, AsyncAPI ${document.version()}, ${document.channels().length} channels, ${document.operations().length} operations`);
  }
}
process.exit(failed ? 1 : 0);
