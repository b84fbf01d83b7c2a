import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBench } from '../../bench/run.js';
import { scales, seed } from '../../bench/seed.js';

/** The benchmark end to end at a tiny scale: checks that it runs and what it reports, never how fast. */
describe('benchmark smoke test', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kantine-bench-smoke-'));
  const db = path.join(dir, 'bench.db');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('seeds the same company from the same seed', async () => {
    const first = await seed({ counts: scales.tiny, db, seed: 42, now: new Date('2026-11-27T12:00:00Z') });
    expect(first).toEqual({ ...scales.tiny });
    const other = path.join(dir, 'again.db');
    await seed({ counts: scales.tiny, db: other, seed: 42, now: new Date('2026-11-27T12:00:00Z') });
    const Database = (await import('better-sqlite3')).default;
    const dump = (file: string) => {
      const handle = new Database(file, { readonly: true });
      const rows = handle
        .prepare(
          'select id, space_id, author_id, published_at, (select body from posts where content_id = content.id) as body from content order by id',
        )
        .all();
      handle.close();
      return rows;
    };
    expect(dump(other)).toEqual(dump(db));
  });

  it('runs every scenario and reports the agreed JSON shape', async () => {
    const report = await runBench({ db, duration: 1, connections: 4, wsClients: 20, server: 'source' });
    expect(Object.keys(report.scenarios)).toEqual(
      expect.arrayContaining([
        'baseline',
        'homeFeed',
        'spaceFeed',
        'hashtagFeed',
        'postDetail',
        'createPost',
        'addReaction',
        'search',
        'searchSuggest',
        'notifications',
        'peopleSearch',
      ]),
    );
    for (const [name, result] of Object.entries(report.scenarios)) {
      expect(result.rps, name).toBeGreaterThan(0);
      expect(result.errors + result.non2xx, name).toBe(0);
      expect(typeof result.p50).toBe('number');
      expect(typeof result.p99).toBe('number');
      if (name !== 'baseline') expect(typeof result.ratio).toBe('number');
    }
    expect(report.scale).toMatchObject({ users: scales.tiny.users, posts: scales.tiny.posts });
    expect(report.live).toMatchObject({ clients: 20, missed: 0 });
    expect(report.targets.map((target) => target.name)).toHaveLength(6);
    for (const target of report.targets) expect(typeof target.met).toBe('boolean');
    expect(report.startMs).toBeGreaterThan(0);
  });
});
