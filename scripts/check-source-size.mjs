// Keeps the source readable file by file: no `src` file of a package, an app or an example over 600 lines
// (declarative schema and table files excepted, listed below), and no function over 100 lines. Functions are
// found with the TypeScript parser; a function's lines run from its first token to its closing brace.
// Usage: node scripts/check-source-size.mjs (exits 1, listing each offender, when a limit is passed)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ts = createRequire(import.meta.url)('typescript');

const MAX_FILE_LINES = 600;
const MAX_FUNCTION_LINES = 100;
/** Files that are declarations of data (response schemas, character tables), not logic. */
const DECLARATIVE_FILES = new Set(['packages/bulutfon/src/bulutfon-schemas.ts']);

const files = execFileSync(
  'git',
  ['ls-files', '--cached', '--others', '--exclude-standard', '--', '*/src/*.ts', '*/src/**/*.ts', '*/src/*.tsx', '*/src/**/*.tsx'],
  { cwd: root, encoding: 'utf8' },
)
  .split('\n')
  .filter((file) => /^(packages|apps|examples)\/[^/]+\/src\//.test(file) && !file.endsWith('.d.ts'));

const problems = [];
for (const file of files) {
  const text = readFileSync(path.join(root, file), 'utf8');
  const lines = text.split('\n').length;
  if (lines > MAX_FILE_LINES && !DECLARATIVE_FILES.has(file)) {
    problems.push(`${file}: ${lines} lines (at most ${MAX_FILE_LINES})`);
  }
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const visit = (node) => {
    if (ts.isFunctionLike(node) && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.end).line;
      if (last - first + 1 > MAX_FUNCTION_LINES) {
        const name = node.name ? node.name.getText(source) : '(anonymous)';
        problems.push(
          `${file}:${first + 1}: ${name} has ${last - first + 1} lines (at most ${MAX_FUNCTION_LINES})`,
        );
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}

if (problems.length > 0) {
  console.error(`source size: ${problems.length} over the limits\n${problems.join('\n')}`);
  process.exit(1);
}
console.log(
  `source size: ${files.length} files, none over ${MAX_FILE_LINES} lines, no function over ${MAX_FUNCTION_LINES}`,
);
