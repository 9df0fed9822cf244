// Validates an AsyncAPI document with the official parser (@asyncapi/parser): the schema of the
// spec, its $refs (docs/schema/environment.schema.json is referenced) and the parser's rules.
// Usage: node validate.mjs <file>. Exit 0 and "valid" when it has no error; 1 with each error.
import { Parser, DiagnosticSeverity } from '@asyncapi/parser';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const file = resolve(process.argv[2] ?? '../../docs/asyncapi.yaml');
const parser = new Parser();
const { document, diagnostics } = await parser.parse(await readFile(file, 'utf8'), {
  source: pathToFileURL(file).href,
});
const name = { [DiagnosticSeverity.Error]: 'error', [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'info', [DiagnosticSeverity.Hint]: 'hint' };
for (const d of diagnostics) {
  console.log(`${name[d.severity]} ${d.code} at ${d.path.join('.')}: ${d.message}`);
}
const errors = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
if (!document || errors.length > 0) {
  console.log(`invalid: ${errors.length} error(s)`);
  process.exit(1);
}
console.log(`valid: AsyncAPI ${document.version()}, ${document.channels().length} channels, ${document.operations().length} operations`);
