import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { DB } from '../db/schema.js';
import { type ContentKind, createKindRegistry } from './registry.js';

/* The registry's extension hook: one field, created through posts (becomes) and articles (part). */
const db = {} as Kysely<DB>;

const base = {
  summary: () => '',
  searchText: () => null,
  url: (id: number) => `/x/${id}`,
};

const note: ContentKind = {
  ...base,
  name: 'note',
  itemPart: {},
  load: async (_db, ids) => ids.map((id) => ({ content_id: id })),
  card: () => ({ body: 'n', html: '', showAttachments: true, part: {} }),
};

const story: ContentKind = {
  ...base,
  name: 'story',
  itemPart: { story: z.object({ title: z.string(), mine: z.boolean() }) },
  load: async (_db, ids) => ids.map((id) => ({ content_id: id, title: `Story ${id}` })),
  card: (row) => ({
    body: '',
    html: '',
    showAttachments: false,
    part: { story: { title: row.title, mine: false } },
  }),
  personal: async (_db, rows) =>
    new Map(rows.map((row) => [row.content_id, { story: { title: row.title, mine: true } }])),
};

const written: Array<[number, unknown]> = [];
const tally: ContentKind = {
  ...base,
  name: 'tally',
  itemPart: { tally: z.object({ count: z.number() }) },
  load: async (_db, ids) => ids.map((id) => ({ content_id: id })),
  card: () => ({ body: '', html: '', showAttachments: true, part: { tally: { count: 0 } } }),
  extension: {
    field: 'tally',
    schema: z.object({ start: z.number() }),
    create: async (_trx, id, value) => {
      written.push([id, value]);
    },
    becomes: ['note'],
    part: {
      kinds: ['story'],
      schema: z.object({ count: z.number() }),
      // Only even ids carry one.
      load: async (_db, ids) => new Map(ids.filter((id) => id % 2 === 0).map((id) => [id, { count: id }])),
      card: (loaded) => ({ count: (loaded as { count: number }).count }),
      personal: async (_db, loaded) =>
        new Map([...loaded].map(([id, value]) => [id, { count: (value as { count: number }).count + 100 }])),
      replace: async (_trx, id, value) => {
        written.push([id, value]);
      },
    },
  },
};

const registry = createKindRegistry([note, story, tally]);

describe('content extensions', () => {
  it('claim their field in the bodies of the kinds they extend, and say the new item’s type', () => {
    expect(Object.keys(registry.createFields('note'))).toEqual(['tally']);
    expect(Object.keys(registry.createFields('story'))).toEqual(['tally']);
    expect(Object.keys(registry.createFields('tally'))).toEqual([]);
    expect(Object.keys(registry.updateFields('story'))).toEqual(['tally']);
    expect(Object.keys(registry.updateFields('note'))).toEqual([]);
    expect(Object.keys(registry.partFields('story'))).toEqual(['tally']);
    expect(registry.claimOf('note', { tally: { start: 1 } })).toMatchObject({ type: 'tally' });
    expect(registry.claimOf('story', { tally: { start: 1 } })).toMatchObject({ type: 'story' });
    expect(registry.claimOf('story', { body: 'x' })).toBeUndefined();
  });

  it('add their part to the host kind’s rows, cards and personal view', async () => {
    const host = registry.get('story') as ContentKind;
    const rows = await host.load(db, [1, 2]);
    expect(host.card(rows[0]).part).toEqual({ story: { title: 'Story 1', mine: false } });
    expect(host.card(rows[1]).part).toEqual({
      story: { title: 'Story 2', mine: false },
      tally: { count: 2 },
    });
    const personal = await host.personal?.(db, rows, 7, new Date());
    expect(personal?.get(1)).toEqual({ story: { title: 'Story 1', mine: true } });
    expect(personal?.get(2)).toEqual({ story: { title: 'Story 2', mine: true }, tally: { count: 102 } });
    expect((await registry.partsOf('story', db, [1, 2], 7, new Date())).get(2)).toEqual({
      tally: { count: 102 },
    });
    // The kinds it does not extend stay as they were.
    expect(registry.get('note')?.load).toBe(note.load);
  });

  it('apply an edit only when the body carries the field', async () => {
    written.length = 0;
    await registry.replaceParts('story', db, 4, { title: 'x' }, new Date());
    expect(written).toEqual([]);
    await registry.replaceParts('story', db, 4, { tally: null }, new Date());
    expect(written).toEqual([[4, null]]);
  });

  it('documents the part in the host’s item, optional', () => {
    const part = registry.get('story')?.itemPart.tally as z.ZodType;
    expect(part.safeParse(undefined).success).toBe(true);
    expect(part.safeParse({ count: 3 }).success).toBe(true);
    expect(part.safeParse({ count: 'x' }).success).toBe(false);
    expect(registry.get('note')?.itemPart).toEqual({});
  });
});
