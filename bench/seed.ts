/**
 * `npm run bench:seed -- --scale small|medium|full | --users N --spaces N --posts N --comments N --reactions N
 *  --db FILE_OR_URL [--seed 42] [--force]`
 * Writes a deterministic synthetic company straight into a database (SQLite file or postgres:// URL).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { hash } from '@node-rs/argon2';
import { openDatabase } from '../src/server/db/database.js';
import { ftsTableOf } from '../src/server/db/dialect.js';
import { renderBody } from '../src/server/lib/markdown.js';
import { indexTerms, plainText } from '../src/server/modules/search/search.text.js';
import { searchableText } from '../src/shared/text.js';
import { Random } from './lib/random.js';
import {
  departments,
  englishWords,
  firstNames,
  germanWords,
  hashtags,
  lastNames,
  locations,
} from './lib/words.js';
import { type BulkWriter, postgresWriter, type Row, sqliteWriter } from './lib/writer.js';

export const scales = {
  full: { users: 10_000, spaces: 300, posts: 1_000_000, comments: 3_000_000, reactions: 5_000_000 },
  medium: { users: 3_000, spaces: 100, posts: 100_000, comments: 300_000, reactions: 500_000 },
  small: { users: 500, spaces: 30, posts: 10_000, comments: 30_000, reactions: 50_000 },
  tiny: { users: 60, spaces: 6, posts: 400, comments: 800, reactions: 1_500 },
} as const;
export type Counts = { users: number; spaces: number; posts: number; comments: number; reactions: number };

/** Every seeded person can log in with this password (the benchmark logs in through sessions it creates). */
export const BENCH_PASSWORD = 'bench-password';
const BATCH = 20_000;
const DAY = 86_400_000;
const reactionTypes = ['like', 'love', 'haha', 'wow', 'celebrate', 'thanks'];
const postColumns: Array<[string, 'int' | 'text']> = [
  ['content_id', 'int'],
  ['body', 'text'],
  ['body_html', 'text'],
];
const tagColumns: Array<[string, 'int' | 'text']> = [
  ['content_id', 'int'],
  ['tag', 'text'],
  ['published_at', 'text'],
];
const reactionColumns: Array<[string, 'int' | 'text']> = [
  ['content_id', 'int'],
  ['user_id', 'int'],
  ['type', 'text'],
  ['created_at', 'text'],
];
const ftsColumns: Array<[string, 'int' | 'text']> = [
  ['rowid', 'int'],
  ['raw', 'text'],
  ['stems', 'text'],
  ['kind', 'text'],
];
const followColumns: Array<[string, 'int' | 'text']> = [
  ['follower_id', 'int'],
  ['followee_id', 'int'],
  ['created_at', 'text'],
];

function progress(label: string, done: number, total: number) {
  if (!process.stderr.isTTY && done !== total && done % (BATCH * 5) !== 0) return;
  const width = 30;
  const filled = Math.round((done / Math.max(1, total)) * width);
  process.stderr.write(
    `\r${label.padEnd(12)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}${done === total ? '\n' : ''}`,
  );
}

export async function seed(options: {
  counts: Counts;
  db: string;
  seed: number;
  force?: boolean;
  now?: Date;
}) {
  const { counts } = options;
  const now = (options.now ?? new Date()).getTime();
  const iso = (ms: number) => new Date(ms).toISOString();
  const random = new Random(options.seed);
  const isPostgres = options.db.startsWith('postgres');
  if (!isPostgres && fs.existsSync(options.db)) {
    if (!options.force) throw new Error(`${options.db} exists; delete it or pass --force`);
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${options.db}${suffix}`, { force: true });
  }
  const database = openDatabase(
    isPostgres ? { kind: 'postgres', url: options.db } : { kind: 'sqlite', file: path.resolve(options.db) },
  );
  await database.migrate();
  if (isPostgres && (await database.db.selectFrom('organisation').select('id').executeTakeFirst())) {
    if (!options.force)
      throw new Error('The database already holds an organisation; use a fresh database or --force');
    for (const table of [
      'search_index',
      'notifications',
      'reactions',
      'comments',
      'content_tags',
      'hashtags',
      'posts',
      'content',
      'follows',
      'space_members',
      'spaces',
      'sessions',
      'users',
      'organisation',
    ]) {
      await database.db.deleteFrom(table as 'users').execute();
    }
  }
  const writer: BulkWriter = isPostgres ? postgresWriter(options.db) : sqliteWriter(database.sqlite!);
  const flush = async (table: string, columns: Array<[string, 'int' | 'text']>, rows: Row[]) => {
    await writer.insert(table, columns, rows.splice(0));
  };

  await writer.insert(
    'organisation',
    [
      ['id', 'int'],
      ['name', 'text'],
      ['primary_color', 'text'],
      ['default_locale', 'text'],
      ['space_creation', 'text'],
      ['created_at', 'text'],
      ['updated_at', 'text'],
    ],
    [[1, 'Benchmark AG', '#1f6f5c', 'de', 'everyone', iso(now - 400 * DAY), iso(now - 400 * DAY)]],
  );

  // People.
  const passwordHash = await hash(BENCH_PASSWORD, { algorithm: 2 });
  const handles: string[] = [];
  const userColumns: Array<[string, 'int' | 'text']> = [
    ['id', 'int'],
    ['email', 'text'],
    ['handle', 'text'],
    ['name', 'text'],
    ['password_hash', 'text'],
    ['role', 'text'],
    ['status', 'text'],
    ['title', 'text'],
    ['department', 'text'],
    ['location', 'text'],
    ['about', 'text'],
    ['skills', 'text'],
    ['search_text', 'text'],
    ['created_at', 'text'],
    ['updated_at', 'text'],
  ];
  const users: Row[] = [];
  const searchRows: Row[] = [];
  const ftsRows: Row[] = [];
  const smallFtsRows: Row[] = [];
  let searchId = 0;
  const searchColumns: Array<[string, 'int' | 'text']> = [
    ['id', 'int'],
    ['doc_type', 'text'],
    ['doc_id', 'int'],
    ['content_id', 'int'],
    ['space_id', 'int'],
    ['author_id', 'int'],
    ['title', 'text'],
    ['body', 'text'],
    ['created_ts', 'int'],
    ['raw_terms', 'text'],
    ['stem_terms', 'text'],
  ];
  const addSearch = async (row: Row, terms: { raw: string; stems: string }) => {
    searchId++;
    searchRows.push([searchId, ...row, terms.raw, terms.stems]);
    if (!isPostgres)
      (ftsTableOf(String(row[0])) === 'search_fts' ? ftsRows : smallFtsRows).push([
        searchId,
        terms.raw,
        terms.stems,
        String(row[0]),
      ]);
  };
  // Index rows refer to users, spaces and content, so they are written after the rows they index.
  const flushSearch = async () => {
    await flush('search_index', searchColumns, searchRows);
    if (!isPostgres) {
      await flush('search_fts', ftsColumns, ftsRows);
      await flush('search_fts_small', ftsColumns, smallFtsRows);
    }
  };
  for (let id = 1; id <= counts.users; id++) {
    const name = `${random.pick(firstNames)} ${random.pick(lastNames)}`;
    const handle = `user${id}`;
    handles.push(handle);
    const department = random.pick(departments);
    const title = `${random.pick(['Referent', 'Leiterin', 'Sachbearbeiter', 'Ingenieurin', 'Techniker', 'Assistentin'])} ${department}`;
    const location = random.pick(locations);
    const created = iso(now - 400 * DAY + id * 1000);
    users.push([
      id,
      `${handle}@bench.example`,
      handle,
      name,
      passwordHash,
      id === 1 ? 'admin' : 'member',
      'active',
      title,
      department,
      location,
      '',
      '[]',
      searchableText([name, handle, title, department, location]),
      created,
      created,
    ]);
    await addSearch(
      [
        'person',
        id,
        null,
        null,
        null,
        name,
        `${title} · ${department}`,
        Math.floor((now - 400 * DAY) / 1000),
      ],
      indexTerms(`${name} ${handle} ${title} ${department} ${location}`),
    );
    if (users.length >= BATCH) {
      await flush('users', userColumns, users);
      await flushSearch();
    }
    progress('users', id, counts.users);
  }
  await flush('users', userColumns, users);
  await flushSearch();

  // Spaces: space 1 is the mandatory all-company space, 2–3 are large, the rest small.
  const members: number[][] = [];
  const spaceRows: Row[] = [];
  const visibilities: string[] = [];
  for (let id = 1; id <= counts.spaces; id++) {
    const visibility =
      id <= 3 ? 'public' : random.next() < 0.7 ? 'public' : random.next() < 0.66 ? 'private' : 'secret';
    visibilities.push(visibility);
    const name = id === 1 ? 'Alle' : `${random.pick(hashtags)} ${random.pick(departments)} ${id}`;
    const description = `Space für ${name}`;
    spaceRows.push([
      id,
      name,
      description,
      '#1f6f5c',
      visibility,
      id === 1 ? 1 : 0,
      null,
      searchableText([name, description]),
      iso(now - 390 * DAY),
      iso(now - 390 * DAY),
    ]);
    members.push([]);
    await addSearch(
      ['space', id, null, id, null, name, description, Math.floor((now - 390 * DAY) / 1000)],
      indexTerms(`${name} ${description}`),
    );
  }
  await writer.insert(
    'spaces',
    [
      ['id', 'int'],
      ['name', 'text'],
      ['description', 'text'],
      ['color', 'text'],
      ['visibility', 'text'],
      ['mandatory', 'int'],
      ['archived_at', 'text'],
      ['search_text', 'text'],
      ['created_at', 'text'],
      ['updated_at', 'text'],
    ],
    spaceRows,
  );
  await flushSearch();
  const memberRows: Row[] = [];
  const memberColumns: Array<[string, 'int' | 'text']> = [
    ['space_id', 'int'],
    ['user_id', 'int'],
    ['role', 'text'],
    ['status', 'text'],
    ['created_at', 'text'],
  ];
  for (let user = 1; user <= counts.users; user++) {
    const chosen = new Set<number>([1]);
    if (counts.spaces >= 3) {
      if (random.next() < 0.5) chosen.add(2);
      if (random.next() < 0.35) chosen.add(3);
    }
    const wanted = Math.min(counts.spaces, random.int(3, 20));
    while (chosen.size < wanted) chosen.add(1 + random.skewed(counts.spaces, 1.6));
    for (const space of chosen) {
      members[space - 1].push(user);
      memberRows.push([
        space,
        user,
        members[space - 1].length === 1 ? 'admin' : 'member',
        'member',
        iso(now - 380 * DAY),
      ]);
    }
    if (memberRows.length >= BATCH) await flush('space_members', memberColumns, memberRows);
  }
  await flush('space_members', memberColumns, memberRows);

  // Follows: everyone follows a few colleagues.
  const followRows: Row[] = [];
  for (let user = 1; user <= counts.users; user++) {
    const followees = new Set<number>();
    const wanted = random.int(0, 8);
    while (followees.size < wanted) {
      const other = 1 + random.skewed(counts.users, 2);
      if (other !== user) followees.add(other);
    }
    for (const other of followees) followRows.push([user, other, iso(now - 300 * DAY)]);
    if (followRows.length >= BATCH) await flush('follows', followColumns, followRows);
  }
  await flush('follows', followColumns, followRows);

  // Posts, newest last; big spaces get more of them; a long tail of active authors.
  const mentionMap = new Map(handles.map((handle, index) => [handle, index + 1]));
  const text = (minWords: number, maxWords: number) => {
    const words = random.next() < 0.7 ? germanWords : englishWords;
    const count = random.int(minWords, maxWords);
    const parts: string[] = [];
    for (let i = 0; i < count; i++) parts.push(random.pick(words));
    parts[0] = parts[0][0].toUpperCase() + parts[0].slice(1);
    return parts.join(' ');
  };
  const spaceWeights = members.map((list) => list.length);
  const totalWeight = spaceWeights.reduce((a, b) => a + b, 0);
  const pickSpace = () => {
    let target = random.next() * totalWeight;
    for (let i = 0; i < spaceWeights.length; i++) {
      target -= spaceWeights[i];
      if (target <= 0) return i + 1;
    }
    return spaceWeights.length;
  };
  const commentCounts = spread(counts.comments, counts.posts, random);
  const reactionCounts = spread(counts.reactions, counts.posts, random);
  const contentRows: Row[] = [];
  const postRows: Row[] = [];
  const tagRows: Row[] = [];
  const commentRows: Row[] = [];
  const reactionRows: Row[] = [];
  const notificationRows: Row[] = [];
  const start = now - 365 * DAY;
  const step = (365 * DAY) / Math.max(1, counts.posts);
  let commentId = 0;
  const contentColumns: Array<[string, 'int' | 'text']> = [
    ['id', 'int'],
    ['type', 'text'],
    ['space_id', 'int'],
    ['profile_user_id', 'int'],
    ['author_id', 'int'],
    ['state', 'text'],
    ['pinned', 'int'],
    ['comment_count', 'int'],
    ['created_at', 'text'],
    ['updated_at', 'text'],
    ['published_at', 'text'],
  ];
  const commentColumns: Array<[string, 'int' | 'text']> = [
    ['id', 'int'],
    ['content_id', 'int'],
    ['author_id', 'int'],
    ['body', 'text'],
    ['body_html', 'text'],
    ['created_at', 'text'],
  ];
  const notificationColumns: Array<[string, 'int' | 'text']> = [
    ['user_id', 'int'],
    ['type', 'text'],
    ['actor_id', 'int'],
    ['actor_count', 'int'],
    ['content_id', 'int'],
    ['group_key', 'text'],
    ['created_at', 'text'],
    ['updated_at', 'text'],
  ];
  for (let id = 1; id <= counts.posts; id++) {
    const profile = random.next() < 0.05;
    const space = profile ? null : pickSpace();
    const pool = space ? members[space - 1] : null;
    const author = pool ? pool[random.skewed(pool.length, 2)] : 1 + random.skewed(counts.users, 2);
    let body = text(8, 40);
    const tags: string[] = [];
    if (random.next() < 0.4) {
      const tag = hashtags[random.skewed(hashtags.length, 1.5)];
      body += ` #${tag}`;
      tags.push(tag.toLowerCase());
    }
    if (random.next() < 0.1) body = `@${handles[random.int(0, handles.length - 1)]} ${body}`;
    const published = Math.floor(start + id * step);
    const publishedIso = iso(published);
    contentRows.push([
      id,
      'post',
      space,
      profile ? author : null,
      author,
      'published',
      0,
      commentCounts[id - 1],
      publishedIso,
      publishedIso,
      publishedIso,
    ]);
    postRows.push([id, body, renderBody(body, mentionMap)]);
    for (const tag of tags) tagRows.push([id, tag, publishedIso]);
    await addSearch(
      ['post', id, id, space, author, body.slice(0, 90), plainText(body), Math.floor(published / 1000)],
      indexTerms(plainText(body)),
    );
    const commenters = pool ?? [author];
    for (let c = 0; c < commentCounts[id - 1]; c++) {
      commentId++;
      const commentBody = text(3, 16);
      commentRows.push([
        commentId,
        id,
        commenters[random.int(0, commenters.length - 1)],
        commentBody,
        `<p>${commentBody}</p>`,
        iso(published + (c + 1) * 60_000),
      ]);
    }
    const reactionCount = Math.min(reactionCounts[id - 1], counts.users);
    const offset = random.int(0, counts.users - 1);
    for (let r = 0; r < reactionCount; r++) {
      const user = 1 + ((offset + r * 7919) % counts.users);
      reactionRows.push([
        id,
        user,
        reactionTypes[random.skewed(reactionTypes.length, 2)],
        iso(published + 30_000),
      ]);
    }
    if (reactionCount > 0 && id > counts.posts - counts.posts / 20) {
      notificationRows.push([
        author,
        'reaction',
        1 + ((offset + 7919) % counts.users),
        reactionCount,
        id,
        `reaction:${id}`,
        publishedIso,
        publishedIso,
      ]);
    }
    if (contentRows.length >= BATCH) {
      await flush('content', contentColumns, contentRows);
      await flush('posts', postColumns, postRows);
      await flush('content_tags', tagColumns, tagRows);
      await flushSearch();
    }
    // Comments, reactions and notifications refer to posts: flushed only once their posts are written.
    if (contentRows.length === 0) {
      if (commentRows.length >= BATCH) await flush('comments', commentColumns, commentRows);
      if (reactionRows.length >= BATCH) await flush('reactions', reactionColumns, reactionRows);
      if (notificationRows.length >= BATCH)
        await flush('notifications', notificationColumns, notificationRows);
    }
    progress('posts', id, counts.posts);
  }
  await flush('content', contentColumns, contentRows);
  await flush('posts', postColumns, postRows);
  await flush('content_tags', tagColumns, tagRows);
  await flush('comments', commentColumns, commentRows);
  await flush('reactions', reactionColumns, reactionRows);
  await flush('notifications', notificationColumns, notificationRows);
  await flushSearch();
  await writer.exec('insert into hashtags (tag, uses) select tag, count(*) from content_tags group by tag');

  if (isPostgres) {
    for (const table of ['users', 'spaces', 'content', 'comments', 'notifications', 'search_index']) {
      await writer.exec(
        `select setval(pg_get_serial_sequence('${table}', 'id'), greatest(1, (select coalesce(max(id), 1) from ${table})))`,
      );
    }
  }
  await writer.exec('analyze');
  await writer.close();
  await database.close();
  return {
    users: counts.users,
    spaces: counts.spaces,
    posts: counts.posts,
    comments: commentId,
    reactions: counts.reactions,
  };
}

/** Distributes `total` items over `n` posts, skewed towards the newest (the end of the range). */
function spread(total: number, n: number, random: Random): number[] {
  const weights = Array.from({ length: n }, (_, i) => ((i + 1) / n) ** 3 * (0.5 + random.next()));
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.floor((w / sum) * total));
  let missing = total - counts.reduce((a, b) => a + b, 0);
  for (let i = n - 1; missing > 0; i = i === 0 ? n - 1 : i - 1, missing--) counts[i]++;
  return counts;
}

async function main() {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string' },
      users: { type: 'string' },
      spaces: { type: 'string' },
      posts: { type: 'string' },
      comments: { type: 'string' },
      reactions: { type: 'string' },
      db: { type: 'string' },
      seed: { type: 'string', default: '42' },
      force: { type: 'boolean', default: false },
    },
  });
  if (!values.db) throw new Error('--db FILE_OR_URL is required');
  const base: Counts = { ...scales[(values.scale ?? 'small') as keyof typeof scales] };
  if (!base) throw new Error(`unknown --scale ${values.scale}; use small, medium or full`);
  for (const key of ['users', 'spaces', 'posts', 'comments', 'reactions'] as const)
    if (values[key]) base[key] = Number(values[key]);
  const started = Date.now();
  const result = await seed({ counts: base, db: values.db, seed: Number(values.seed), force: values.force });
  console.log(
    `Seeded ${JSON.stringify(result)} into ${values.db} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
