import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/*
 * Issue #10: the web's API calls and query keys come from one typed place per feature — its
 * `queries.ts` (or `<part>.queries.ts`) — and shared keys from lib/queries.ts. Files under
 * features/, app/ and components/ other than those never call `api()`/`upload()`/`fetch()`, never
 * import lib/api (the error class is in lib/api-error.ts, the connection state in
 * lib/reachability.ts), never write an `/api/...` address and never spell a query key inline.
 */

const web = fileURLToPath(new URL('.', import.meta.url));

/** Folders still being moved on other branches; the list only shrinks (an entry that passes fails below). */
const notYetMoved: string[] = [];

const rules: Array<{ name: string; pattern: RegExp }> = [
  { name: 'imports lib/api', pattern: /(?:from\s*|import\s*\()['"](?:\.\.?\/)+lib\/api['"]/ },
  { name: 'calls api()/upload()/fetch()', pattern: /(?<![\w.$])(?:api|upload|fetch)\s*(?:<|\()/ },
  { name: 'writes an /api/ address', pattern: /['"`]\/api\// },
  { name: 'spells a query key inline', pattern: /queryKey\s*:\s*\[/ },
];

/** Comments may mention api() and addresses; only code counts. */
const withoutComments = (source: string) =>
  source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

const isQueriesFile = (path: string) => /(?:^|\/)(?:[\w-]+\.)?queries\.ts$/.test(path);

function problemsOf(source: string): string[] {
  const code = withoutComments(source);
  return rules.filter((rule) => rule.pattern.test(code)).map((rule) => rule.name);
}

const files = ['features', 'app', 'components']
  .flatMap((folder) => sourceFiles(join(web, folder)))
  .map((path) => relative(web, path).split('\\').join('/'))
  .filter((path) => !isQueriesFile(path));
const problems = new Map(
  files.map((path) => [path, problemsOf(readFileSync(join(web, path), 'utf8'))] as const),
);
const allowed = (path: string) => notYetMoved.some((folder) => path.startsWith(`${folder}/`));

describe('API calls and query keys come from queries.ts', () => {
  it('finds the web sources', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(files).toContain('app/AppShell.tsx');
    expect(files).toContain('components/LanguageSwitcher.tsx');
    expect(files).not.toContain('features/stream/queries.ts');
  });

  it('recognises each kind of problem', () => {
    expect(problemsOf("import { api } from '../../lib/api';")).toEqual(['imports lib/api']);
    expect(problemsOf("const x = await api<Me>('GET', path);")).toEqual(['calls api()/upload()/fetch()']);
    expect(problemsOf('upload(file)')).toEqual(['calls api()/upload()/fetch()']);
    expect(problemsOf("fetch(url, { cache: 'no-store' })")).toEqual(['calls api()/upload()/fetch()']);
    expect(problemsOf("const url = '/api/v1/users';")).toEqual(['writes an /api/ address']);
    expect(problemsOf('href={`/api/v1/surveys/1/results.csv`}')).toEqual(['writes an /api/ address']);
    expect(problemsOf("useQuery({ queryKey: ['users', id] })")).toEqual(['spells a query key inline']);
    expect(problemsOf("import { ApiError } from '../../lib/api-error';")).toEqual([]);
    expect(problemsOf('streamApi.item(id); request.upload(x); // api(x) in a comment')).toEqual([]);
    expect(
      problemsOf('useQuery({ queryKey: peopleKeys.one(id), queryFn: () => peopleApi.profile(id) })'),
    ).toEqual([]);
  });

  it('no component calls the API or spells a key itself', () => {
    const found = [...problems]
      .filter(([path, list]) => list.length > 0 && !allowed(path))
      .map(([path, list]) => `${path}: ${list.join(', ')}`);
    expect(found, 'move the call or key into the feature’s queries.ts').toEqual([]);
  });

  it('the allow-list names only folders that still need it', () => {
    const done = notYetMoved.filter(
      (folder) => ![...problems].some(([path, list]) => path.startsWith(`${folder}/`) && list.length > 0),
    );
    expect(done, 'remove these folders from notYetMoved').toEqual([]);
  });
});
