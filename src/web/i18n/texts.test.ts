import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Where texts live: the central files (src/web/i18n/de.json, en.json) are in the first download;
// a feature's own texts (features/<feature>/i18n/) load with the routes that name their bundle in
// router.tsx (`withTexts`). This test follows the static imports from main.tsx and from each
// lazily loaded page and checks that every key the code can ask for is there when it renders.

type Messages = { [key: string]: string | Messages };
const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = (file: string) => fs.readFileSync(file, 'utf8');

function flatten(messages: Messages, prefix = '', into = new Set<string>()): Set<string> {
  for (const [key, value] of Object.entries(messages)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') into.add(full.replace(/_(one|other)$/, ''));
    else flatten(value, full, into);
  }
  return into;
}
const keysIn = (file: string) => flatten(JSON.parse(source(file)) as Messages);

const central = keysIn(path.join(web, 'i18n', 'de.json'));
/** bundle name → its German keys (the English ones are the same: messages.test.ts). */
const bundles = new Map(
  [
    ...source(path.join(web, 'i18n', 'bundles.ts')).matchAll(
      /'?([\w-]+)'?: \{\s*de: \(\) => import\('\.\.\/(features\/[\w-]+\/i18n)\/de\.json'\)/g,
    ),
  ].map(([, name, dir]) => [name, keysIn(path.join(web, dir, 'de.json'))] as const),
);
const namespaces = new Set(
  [...central, ...[...bundles.values()].flatMap((keys) => [...keys])].map((key) => key.split('.')[0]),
);

// --- the module graph (static, non-type imports between our own files) ---
const resolveImport = (from: string, spec: string) => {
  if (!spec.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), spec);
  return [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`].find(
    (file) => fs.existsSync(file) && fs.statSync(file).isFile() && /\.tsx?$/.test(file),
  );
};
const importsOf = (file: string) =>
  [...source(file).matchAll(/^\s*(?:import|export)\s+(type\s+)?[^;]*?\sfrom\s+['"]([^'"]+)['"]/gms)]
    .filter((match) => !match[1])
    .map((match) => resolveImport(file, match[2]))
    .filter((target): target is string => target !== undefined);
function reachable(start: string, skip = new Set<string>()) {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || skip.has(file)) return;
    seen.add(file);
    for (const target of importsOf(file)) visit(target);
  };
  visit(start);
  return seen;
}

// --- the keys code asks for: literal keys, and key prefixes of template strings (`ns.part.${x}`) ---
type Use = { file: string; key: string; prefix: boolean };
const usesIn = (files: Set<string>): Use[] =>
  [...files].flatMap((file) =>
    [...source(file).matchAll(/(['"`])([a-zA-Z]\w*)\.([\w.]*)(\$\{|\1)/g)]
      .filter((match) => namespaces.has(match[2]))
      .map((match) => {
        const key = `${match[2]}.${match[3]}`;
        const prefix = match[4] === '${' || key.endsWith('.');
        return { file: path.relative(web, file), key: prefix ? key.replace(/[^.]*$/, '') : key, prefix };
      }),
  );
const available = (use: Use, keys: Set<string>[]) =>
  keys.some((set) => (use.prefix ? [...set].some((key) => key.startsWith(use.key)) : set.has(use.key)));
const describeUse = (use: Use) => `${use.key}${use.prefix ? '…' : ''} (${use.file})`;

const eager = reachable(path.join(web, 'main.tsx'));

// Each lazily loaded page of router.tsx and the bundles its route loads with it.
const routerSource = source(path.join(web, 'app', 'router.tsx'));
const pages = routerSource
  .split('lazyRouteComponent(')
  .slice(1)
  .map((call) => {
    const page = /import\('([^']+)'\)/.exec(call)?.[1] ?? '';
    const named =
      /withTexts\(\s*(\[[^\]]*\]|'[^']*')/.exec(call.slice(0, call.indexOf('import(')))?.[1] ?? '[]';
    return {
      file: resolveImport(path.join(web, 'app', 'router.tsx'), page) ?? page,
      bundles: [...named.matchAll(/'([^']+)'/g)].map((match) => match[1]),
    };
  });

describe('texts load with the code that shows them', () => {
  it('finds the pages and bundles', () => {
    expect(bundles.size).toBeGreaterThan(5);
    expect(pages.length).toBeGreaterThan(20);
    for (const page of pages) expect(fs.existsSync(page.file), page.file).toBe(true);
    expect(eager.has(path.join(web, 'features', 'home', 'HomePage.tsx'))).toBe(true);
  });

  it('the first download (app shell, feed, login) uses central texts only', () => {
    const missing = usesIn(eager).filter((use) => !available(use, [central]));
    expect(missing.map(describeUse), 'keep these keys in src/web/i18n/de.json and en.json').toEqual([]);
  });

  for (const page of pages) {
    const name = path.relative(web, page.file);
    it(`${name} gets every text it uses (${page.bundles.join(', ') || 'central only'})`, () => {
      for (const bundle of page.bundles) expect(bundles.has(bundle), bundle).toBe(true);
      const keys = [central, ...page.bundles.map((bundle) => bundles.get(bundle) ?? new Set<string>())];
      const missing = usesIn(reachable(page.file, eager)).filter((use) => !available(use, keys));
      const owners = (use: Use) =>
        [...bundles].filter(([, set]) => available(use, [set])).map(([bundle]) => bundle);
      expect(
        missing.map((use) => `${describeUse(use)} is in: ${owners(use).join(', ') || 'no file'}`),
        `name the bundle in router.tsx (withTexts) or add the key`,
      ).toEqual([]);
    });
  }

  it('a namespace that moved to a feature keeps centrally only the keys of the first download', () => {
    const moved = new Set([...bundles.values()].flatMap((keys) => [...keys].map((key) => key.split('.')[0])));
    const uses = usesIn(eager);
    const usedEagerly = (key: string) =>
      uses.some((use) => (use.prefix ? key.startsWith(use.key) : use.key === key));
    const stray = [...central].filter((key) => moved.has(key.split('.')[0]) && !usedEagerly(key));
    expect(stray, 'move these keys to the feature that owns their namespace (features/*/i18n)').toEqual([]);
  });
});
