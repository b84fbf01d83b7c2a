import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remindDue } from '../../src/server/modules/surveys/surveys.reminders.js';
import { createMember, drainOutbox, setUpOrganisation, startTestApp, type TestApp } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { addToSpace, createSpace } from '../helpers/stream.js';

type Person = { client: TestClient; user: { id: number } };

const questions = [
  {
    type: 'single',
    text: 'Lieblingsessen?',
    options: [{ text: 'Pizza' }, { text: 'Salat' }, { text: 'Suppe' }],
  },
  { type: 'multiple', text: 'Welche Tage?', options: [{ text: 'Mo' }, { text: 'Di' }] },
  { type: 'scale', text: 'Zufrieden?', required: true },
  { type: 'nps', text: 'Weiterempfehlen?' },
  { type: 'text', text: 'Was noch?' },
  {
    type: 'matrix',
    text: 'Wie sehr stimmst du zu?',
    options: [{ text: 'Ja' }, { text: 'Nein' }],
    rows: [{ text: 'Klar' }, { text: 'Fair' }],
  },
];

describe('surveys', () => {
  let test: TestApp;
  let admin: TestClient;
  let editor: Person;
  let member: Person;
  let outsider: Person;
  const staff: Record<string, Person[]> = { Vertrieb: [], Technik: [], Personal: [] };

  beforeAll(async () => {
    test = await startTestApp({ env: { KANTINE_SCHEDULER_SECONDS: '0' } });
    ({ admin } = await setUpOrganisation(test));
    editor = await createMember(test, admin, { name: 'Erika Editor', role: 'editor' });
    member = await createMember(test, admin, { name: 'Max Mitarbeiter' });
    outsider = await createMember(test, admin, { name: 'Olga Other' });
    // Vertrieb 6 (Berlin), Technik 6 (Köln), Personal 4 (Berlin)
    const sizes: Record<string, [number, string]> = {
      Vertrieb: [6, 'Berlin'],
      Technik: [6, 'Köln'],
      Personal: [4, 'Berlin'],
    };
    for (const [department, [size, location]] of Object.entries(sizes))
      for (let i = 0; i < size; i++) {
        const person = await createMember(test, admin, { name: `${department} ${i}` });
        const patched = await admin.patch(`/api/v1/users/${person.user.id}`, { department, location });
        expect(patched.status).toBe(200);
        staff[department]?.push(person);
      }
    expect(
      (await admin.patch(`/api/v1/users/${member.user.id}`, { department: 'Vertrieb', location: 'Berlin' }))
        .status,
    ).toBe(200);
  });
  afterAll(() => test?.close());

  const ids = (survey: {
    questions: Array<{ id: string; options?: Array<{ id: string }>; rows?: Array<{ id: string }> }>;
  }) =>
    survey.questions.map((q) => ({
      id: q.id,
      options: (q.options ?? []).map((o) => o.id),
      rows: (q.rows ?? []).map((r) => r.id),
    }));

  it('lets admins and editors create surveys with ids for every question and option, and refuses members', async () => {
    const body = { title: 'Kantinenessen', anonymous: false, audience: { all: true }, questions };
    const refused = await member.client.post('/api/v1/surveys', body);
    expect(refused.status).toBe(403);
    const created = await editor.client.post('/api/v1/surveys', body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      title: 'Kantinenessen',
      state: 'open',
      answered: false,
      respondents: 0,
    });
    for (const q of created.body.questions) {
      expect(q.id).toMatch(/^q/);
      for (const o of q.options ?? []) expect(o.id).toMatch(/^o/);
    }
    expect(created.body.questions[2]).toMatchObject({ type: 'scale', min: 1, max: 5, required: true });
    expect(created.body.questions[3]).toMatchObject({ type: 'nps', min: 0, max: 10 });
    expect(created.body.questions[5].rows).toHaveLength(2);
    const listed = await member.client.get('/api/v1/surveys');
    expect(listed.body.mayCreate).toBe(false);
    expect(listed.body.items.find((s: { id: number }) => s.id === created.body.id)).toMatchObject({
      answered: false,
      state: 'open',
      respondents: null,
      permissions: { manage: false, answer: true },
    });
    expect((await editor.client.get('/api/v1/surveys')).body.mayCreate).toBe(true);
  });

  it('rejects bad surveys with clear errors and creates nothing', async () => {
    const before = (await admin.get('/api/v1/surveys')).body.items.length;
    for (const bad of [
      { type: 'matrix', text: 'x', options: [{ text: 'a' }, { text: 'b' }] },
      { type: 'scale', text: 'x', min: 5, max: 3 },
      { type: 'single', text: 'x' },
      { type: 'text', text: 'x', options: [{ text: 'a' }, { text: 'b' }] },
      { type: 'emoji', text: 'x' },
    ]) {
      const response = await admin.post('/api/v1/surveys', {
        title: 't',
        anonymous: true,
        audience: { all: true },
        questions: [bad],
      });
      expect(response.status, JSON.stringify(bad)).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
    }
    const badPeriod = await admin.post('/api/v1/surveys', {
      title: 't',
      anonymous: true,
      audience: { all: true },
      opensAt: '2030-01-02T00:00:00Z',
      closesAt: '2030-01-01T00:00:00Z',
      questions: [{ type: 'text', text: 'x' }],
    });
    expect(badPeriod.status).toBe(400);
    expect((await admin.get('/api/v1/surveys')).body.items.length).toBe(before);
  });

  it('lets space admins ask their own spaces only, and shows surveys to their audience only', async () => {
    const space = await createSpace(member.client, { name: 'Laufgruppe' });
    await addToSpace(member.client, outsider.client, outsider.user.id, space.id);
    const other = await createSpace(admin, { name: 'Geschäftsleitung', visibility: 'private' });
    const base = { title: 'Lauftreff', anonymous: false, questions: [{ type: 'text', text: 'Wann?' }] };
    expect(
      (await member.client.post('/api/v1/surveys', { ...base, audience: { spaceIds: [other.id] } })).status,
    ).toBe(403);
    expect((await member.client.post('/api/v1/surveys', { ...base, audience: { all: true } })).status).toBe(
      403,
    );
    const own = await member.client.post('/api/v1/surveys', { ...base, audience: { spaceIds: [space.id] } });
    expect(own.status).toBe(201);
    expect((await outsider.client.get(`/api/v1/surveys/${own.body.id}`)).body.inAudience).toBe(true);
    const stranger = staff.Technik?.[0] as Person;
    expect((await stranger.client.get(`/api/v1/surveys/${own.body.id}`)).status).toBe(404);
    expect(
      (await stranger.client.get('/api/v1/surveys')).body.items.map((s: { id: number }) => s.id),
    ).not.toContain(own.body.id);
    const answer = { answers: [{ questionId: own.body.questions[0].id, text: 'Dienstags' }] };
    expect((await stranger.client.post(`/api/v1/surveys/${own.body.id}/responses`, answer)).status).toBe(404);
    expect((await outsider.client.post(`/api/v1/surveys/${own.body.id}/responses`, answer)).status).toBe(201);
    // Results for the survey's managers only.
    expect((await outsider.client.get(`/api/v1/surveys/${own.body.id}/results`)).status).toBe(403);
    expect((await member.client.get(`/api/v1/surveys/${own.body.id}/results`)).status).toBe(200);
  });

  it('validates answers per question type, changes nothing on bad input, and takes one response per person', async () => {
    const created = await editor.client.post('/api/v1/surveys', {
      title: 'Validierung',
      anonymous: true,
      audience: { departments: ['Vertrieb'] },
      questions,
    });
    const id = created.body.id;
    const [single, multiple, scale, nps, text, matrix] = ids(created.body) as Array<{
      id: string;
      options: string[];
      rows: string[];
    }>;
    if (!single || !multiple || !scale || !nps || !text || !matrix) throw new Error('questions missing');
    const good = [
      { questionId: single.id, optionIds: [single.options[0]] },
      { questionId: multiple.id, optionIds: multiple.options },
      { questionId: scale.id, value: 4 },
      { questionId: nps.id, value: 9 },
      { questionId: text.id, text: 'Mehr Gemüse' },
      { questionId: matrix.id, rows: [{ rowId: matrix.rows[0], optionId: matrix.options[1] }] },
    ];
    const replace = (index: number, answer: Record<string, unknown>) =>
      good.map((a, i) => (i === index ? answer : a));
    const bad = [
      replace(0, { questionId: single.id, optionIds: single.options.slice(0, 2) }),
      replace(0, { questionId: single.id, optionIds: ['nope'] }),
      replace(1, { questionId: multiple.id, optionIds: [multiple.options[0], multiple.options[0]] }),
      replace(2, { questionId: scale.id, value: 6 }),
      replace(2, { questionId: scale.id, text: 'vier' }),
      replace(3, { questionId: nps.id, value: 11 }),
      replace(4, { questionId: text.id, text: '   ' }),
      replace(5, { questionId: matrix.id, rows: [{ rowId: 'x', optionId: matrix.options[0] }] }),
      replace(0, { questionId: 'unknown', optionIds: [single.options[0]] }),
      good.filter((_a, i) => i !== 2),
      [...good, good[0]],
    ];
    const person = staff.Vertrieb?.[0] as Person;
    for (const answers of bad) {
      const response = await person.client.post(`/api/v1/surveys/${id}/responses`, { answers });
      expect([400], JSON.stringify(answers)).toContain(response.status);
      expect(['invalid_answer', 'validation_failed']).toContain(response.body.error.code);
    }
    expect((await editor.client.get(`/api/v1/surveys/${id}`)).body.respondents).toBe(0);
    expect((await person.client.get(`/api/v1/surveys/${id}`)).body.answered).toBe(false);

    expect((await person.client.post(`/api/v1/surveys/${id}/responses`, { answers: good })).status).toBe(201);
    const again = await person.client.post(`/api/v1/surveys/${id}/responses`, { answers: good });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('survey_answered');
    const mine = await person.client.get(`/api/v1/surveys/${id}`);
    expect(mine.body).toMatchObject({ answered: true, permissions: { answer: false } });
    // Outside the audience (another department) the survey does not exist.
    const stranger = (staff.Technik as Person[])[0] as Person;
    expect((await stranger.client.post(`/api/v1/surveys/${id}/responses`, { answers: good })).status).toBe(
      404,
    );

    // Questions and anonymity are fixed once someone answered; the title is not.
    const changed = await editor.client.patch(`/api/v1/surveys/${id}`, {
      questions: [{ type: 'text', text: 'Neu' }],
    });
    expect(changed.status).toBe(409);
    expect(changed.body.error.code).toBe('survey_has_responses');
    expect((await editor.client.patch(`/api/v1/surveys/${id}`, { anonymous: false })).status).toBe(409);
    const renamed = await editor.client.patch(`/api/v1/surveys/${id}`, { title: 'Validierung 2' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.questions).toEqual(created.body.questions);
    expect((await member.client.patch(`/api/v1/surveys/${id}`, { title: 'x' })).status).toBe(403);
  });

  it('answers only within the period', async () => {
    const now = test.clock.now().getTime();
    const scheduled = await admin.post('/api/v1/surveys', {
      title: 'Später',
      anonymous: true,
      audience: { all: true },
      opensAt: new Date(now + 86_400_000).toISOString(),
      closesAt: new Date(now + 3 * 86_400_000).toISOString(),
      questions: [{ type: 'nps', text: 'Wie?' }],
    });
    expect(scheduled.body.state).toBe('scheduled');
    const answer = { answers: [{ questionId: scheduled.body.questions[0].id, value: 7 }] };
    const early = await member.client.post(`/api/v1/surveys/${scheduled.body.id}/responses`, answer);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('survey_not_open');
    test.clock.advance(4 * 86_400_000);
    expect((await member.client.get(`/api/v1/surveys/${scheduled.body.id}`)).body.state).toBe('closed');
    expect((await member.client.post(`/api/v1/surveys/${scheduled.body.id}/responses`, answer)).status).toBe(
      409,
    );
  });

  it('merges groups below the minimum into "other" so that no view isolates a small department', async () => {
    const created = await admin.post('/api/v1/surveys', {
      title: 'Gruppen',
      anonymous: true,
      audience: { all: true },
      questions: [
        { type: 'single', text: 'Wahl', options: [{ text: 'A' }, { text: 'B' }, { text: 'C' }] },
        { type: 'scale', text: 'Skala' },
        { type: 'text', text: 'Frei' },
      ],
    });
    const id = created.body.id;
    const [choice, scale, free] = created.body.questions;
    const [a, b, c] = choice.options.map((o: { id: string }) => o.id);
    // Sales answers A, engineering B, HR (4 people) alone answers C with the scale at 1.
    const answerFor = { Vertrieb: [a, 5], Technik: [b, 4], Personal: [c, 1] } as const;
    const first = (await admin.get(`/api/v1/surveys/${id}/results`)).body;
    expect(first).toMatchObject({ respondents: 0, suppressed: true, questions: [], minGroupSize: 5 });
    for (const [department, people] of Object.entries(staff))
      for (const person of people) {
        const [option, value] = answerFor[department as keyof typeof answerFor];
        const response = await person.client.post(`/api/v1/surveys/${id}/responses`, {
          answers: [
            { questionId: choice.id, optionIds: [option] },
            { questionId: scale.id, value },
            { questionId: free.id, text: `Antwort aus ${department} ${people.indexOf(person)}` },
          ],
        });
        expect(response.status).toBe(201);
      }

    const overall = (await admin.get(`/api/v1/surveys/${id}/results`)).body;
    expect(overall).toMatchObject({ respondents: 16, suppressed: false, groupBy: null });
    expect(overall.questions[0].counts).toEqual({ [a]: 6, [b]: 6, [c]: 4 });
    expect(overall.questions[1].mean).toBe(Math.round(((6 * 5 + 6 * 4 + 4) / 16) * 100) / 100);
    expect(overall.questions[1].distribution).toEqual({ 1: 4, 2: 0, 3: 0, 4: 6, 5: 6 });
    expect(overall.questions[2].texts).toHaveLength(16);
    expect(overall.questions[2].texts).toContain('Antwort aus Personal 0');

    for (const groupBy of ['department', 'location']) {
      const grouped = (await admin.get(`/api/v1/surveys/${id}/results?groupBy=${groupBy}`)).body;
      const groups = grouped.groups as Array<{
        key: string;
        respondents: number;
        questions: Array<{ counts?: Record<string, number>; texts?: string[] }>;
      }>;
      expect(groups.length).toBeGreaterThan(0);
      expect(groups.map((g) => g.key)).not.toContain('Personal');
      // Groups partition the respondents, and every union of groups — and its complement in "all",
      // which is what "all minus all-but-X" computes — describes nobody or at least 5 people.
      expect(groups.reduce((sum, g) => sum + g.respondents, 0)).toBe(16);
      for (let mask = 1; mask < 2 ** groups.length; mask++) {
        const chosen = groups.filter((_g, i) => mask & (2 ** i));
        const inside = chosen.reduce((sum, g) => sum + g.respondents, 0);
        for (const size of [inside, 16 - inside]) expect(size === 0 || size >= 5).toBe(true);
        const cInside = chosen.reduce((sum, g) => sum + (g.questions[0]?.counts?.[c] ?? 0), 0);
        // The four C answers are never the whole of a described set of people.
        if (cInside === 4) expect(inside).toBeGreaterThan(4);
        if (4 - cInside === 4) expect(16 - inside).toBeGreaterThan(4);
      }
      for (const g of groups) expect(g.questions[2]?.texts).toBeUndefined();
      if (groupBy === 'department') {
        expect(groups.find((g) => g.key === 'other')?.respondents).toBeGreaterThanOrEqual(5);
        expect(groups.every((g) => g.respondents >= 5)).toBe(true);
      } else {
        // Berlin: Vertrieb 6 + Personal 4 = 10, Köln: 6.
        expect(groups.map((g) => [g.key, g.respondents])).toEqual([
          ['Berlin', 10],
          ['Köln', 6],
        ]);
      }
    }
    expect((await admin.get(`/api/v1/surveys/${id}/results?groupBy=team`)).status).toBe(400);
    expect((await admin.get(`/api/v1/surveys/${id}/results?department=Personal`)).status).toBe(400);

    const csv = await admin.get(`/api/v1/surveys/${id}/results.csv?groupBy=department`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.body).toContain('group,respondents,question,type,row,answer,count,mean');
    expect(csv.body).toContain('all,16,Wahl,single,,C,4,');
    expect(csv.body).not.toContain('Personal');
    expect((await member.client.get(`/api/v1/surveys/${id}/results.csv`)).status).toBe(403);

    const xlsx = await fetch(`${test.baseUrl}/api/v1/surveys/${id}/results.xlsx?groupBy=department`, {
      headers: { cookie: `kantine_session=${admin.sessionCookie}` },
    });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
    const sheetRows: unknown[][] = [];
    workbook.getWorksheet('Results')?.eachRow((row) => {
      sheetRows.push((row.values as unknown[]).slice(1));
    });
    expect(sheetRows[0]).toEqual([
      'group',
      'respondents',
      'question',
      'type',
      'row',
      'answer',
      'count',
      'mean',
    ]);
    expect(sheetRows).toContainEqual(['all', 16, 'Wahl', 'single', '', 'C', 4, '']);
    expect(JSON.stringify(sheetRows)).not.toContain('Personal');

    // A larger minimum group size (organisation setting) merges more.
    expect((await member.client.patch('/api/v1/organisation', { surveyMinGroupSize: 7 })).status).toBe(403);
    const setting = await admin.patch('/api/v1/organisation', { surveyMinGroupSize: 7 });
    expect(setting.body.surveyMinGroupSize).toBe(7);
    const stricter = (await admin.get(`/api/v1/surveys/${id}/results?groupBy=department`)).body;
    expect(stricter.minGroupSize).toBe(7);
    for (const g of stricter.groups) expect(g.respondents).toBeGreaterThanOrEqual(7);
    expect((await admin.patch('/api/v1/organisation', { surveyMinGroupSize: 5 })).status).toBe(200);
    expect((await admin.patch('/api/v1/organisation', { surveyMinGroupSize: 1 })).status).toBe(400);
  });

  it('reminds those who have not answered, once, a day before the survey closes', async () => {
    const now = test.clock.now().getTime();
    const created = await admin.post('/api/v1/surveys', {
      title: 'Erinnerung',
      anonymous: true,
      audience: { departments: ['Technik'] },
      closesAt: new Date(now + 3 * 86_400_000).toISOString(),
      questions: [{ type: 'nps', text: 'Wie?' }],
    });
    const id = created.body.id;
    const [answered, pending] = staff.Technik as [Person, Person];
    expect(
      (
        await answered.client.post(`/api/v1/surveys/${id}/responses`, {
          answers: [{ questionId: created.body.questions[0].id, value: 8 }],
        })
      ).status,
    ).toBe(201);
    expect(await remindDue(test.app.kantine)).not.toContain(id);
    test.clock.advance(2.5 * 86_400_000);
    expect(await remindDue(test.app.kantine)).toContain(id);
    expect(await remindDue(test.app.kantine)).not.toContain(id);
    await drainOutbox(test);
    const reminders = async (person: Person) =>
      (await person.client.get('/api/v1/notifications')).body.items.filter(
        (n: { type: string; url: string }) => n.type === 'survey_reminder' && n.url === `/surveys/${id}`,
      );
    expect(await reminders(pending)).toHaveLength(1);
    expect(await reminders(answered)).toHaveLength(0);
    expect(await reminders(member)).toHaveLength(0);
  });

  it('offers templates in German and English that create valid surveys', async () => {
    const de = await admin.get('/api/v1/surveys/templates?locale=de');
    expect(de.body.items.map((t: { id: string }) => t.id)).toEqual(['pulse', 'onboarding', 'event']);
    expect(de.body.items[0].title).toBe('Pulsbefragung');
    const en = await admin.get('/api/v1/surveys/templates?locale=en');
    expect(en.body.items[1].title).toBe('Onboarding feedback');
    for (const template of en.body.items) {
      const created = await admin.post('/api/v1/surveys', {
        title: template.title,
        description: template.description,
        anonymous: template.anonymous,
        audience: { all: true },
        questions: template.questions,
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect((await admin.delete(`/api/v1/surveys/${created.body.id}`)).status).toBe(204);
      expect((await admin.get(`/api/v1/surveys/${created.body.id}`)).status).toBe(404);
    }
  });
});
