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
        'sameBytes',
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
        'search16',
        'searchSuggest16',
      ]),
    );
    for (const [name, result] of Object.entries(report.scenarios)) {
      expect(result.rps, name).toBeGreaterThan(0);
      expect(result.errors + result.non2xx, name).toBe(0);
      expect(typeof result.p50).toBe('number');
      expect(typeof result.p99).toBe('number');
      if (name !== 'baseline') expect(typeof result.ratio).toBe('number');
    }
    for (const feed of ['homeFeed', 'spaceFeed', 'hashtagFeed'])
      expect(typeof report.scenarios[feed].ratioSameBytes, feed).toBe('number');
    expect(report.scenarios.search16.connections).toBe(16);
    expect(report.settings.feedBytes).toBeGreaterThan(100);
    expect(report.scale).toMatchObject({ users: scales.tiny.users, posts: scales.tiny.posts });
    expect(report.live).toMatchObject({ clients: 20, missed: 0 });
    // The targets of issue 13, each met or not met.
    const names = report.targets.map((target) => target.name);
    expect(names).toHaveLength(20);
    expect(names).toEqual(
      expect.arrayContaining([
        'homeFeed req/s ÷ same-bytes baseline',
        'hashtagFeed p99 (ms)',
        'postDetail req/s ÷ hello-world',
        'search p97.5 at 16 connections (ms)',
        'suggestions p97.5 at 16 connections (ms)',
        'PostgreSQL home feed ÷ SQLite home feed',
        'peak RSS (MB, all processes)',
      ]),
    );
    for (const target of report.targets) expect(typeof target.met).toBe('boolean');
    expect(report.startMs).toBeGreaterThan(0);
  });
});
