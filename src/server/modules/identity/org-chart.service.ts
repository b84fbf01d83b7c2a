import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { fail } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';
import { findOrganisation } from '../organisation/organisation.repo.js';
import { avatarUrl } from '../users/users.presenter.js';
import * as repo from './org-chart.repo.js';

/** The id of the organisation's node heading the chart when several people have no manager. */
export const ORGANISATION_NODE_ID = 0;

export interface OrgNode {
  id: number;
  name: string;
  title: string;
  department: string;
  avatarUrl: string | null;
  reports: OrgNode[];
}

export const orgNode: z.ZodType<OrgNode> = z
  .lazy(
    () =>
      z.object({
        id: z.number(),
        name: z.string(),
        title: z.string(),
        department: z.string(),
        avatarUrl: z.string().nullable(),
        reports: z.array(orgNode),
      }),
    // A recursive schema needs a name: OpenAPI refers to it as a component.
  )
  .meta({ id: 'OrgChartNode' });

/**
 * The org chart from the manager relations, for every logged-in person (the directory shows the
 * same). Active people only; someone whose manager left starts a tree of their own.
 */
export async function orgChart(ctx: AppContext, _viewer: Viewer, rootId: number | undefined) {
  const people = await repo.activePeople(ctx.database.db);
  const byId = new Map(people.map((person) => [person.id, person]));
  const reportsOf = new Map<number, typeof people>();
  for (const person of people) {
    if (person.manager_id === null || !byId.has(person.manager_id) || person.manager_id === person.id)
      continue;
    const list = reportsOf.get(person.manager_id) ?? [];
    list.push(person);
    reportsOf.set(person.manager_id, list);
  }
  const placed = new Set<number>();
  const build = (person: (typeof people)[number]): OrgNode => {
    placed.add(person.id);
    return {
      id: person.id,
      name: person.name,
      title: person.title,
      department: person.department,
      avatarUrl: avatarUrl(person),
      // The visited set keeps a manager loop in old data from recursing forever.
      reports: (reportsOf.get(person.id) ?? []).filter((report) => !placed.has(report.id)).map(build),
    };
  };
  if (rootId !== undefined) {
    const root = byId.get(rootId);
    if (!root) throw fail.notFound('This person does not exist or is not active.');
    return build(root);
  }
  const roots = people
    .filter((person) => person.manager_id === null || !byId.has(person.manager_id))
    .map(build);
  // People in a manager loop have no top; they still belong in the chart.
  for (const person of people) if (!placed.has(person.id)) roots.push(build(person));
  const [top] = roots;
  if (roots.length === 1 && top) return top;
  // Several tops (people without a manager): the organisation itself heads the tree.
  const organisation = await findOrganisation(ctx.database.db);
  return {
    id: ORGANISATION_NODE_ID,
    name: organisation?.name ?? '',
    title: '',
    department: '',
    avatarUrl: null,
    reports: roots,
  } satisfies OrgNode;
}
