import { handleFromName, searchableText } from '../../../shared/text.js';
import type { AppContext } from '../../context.js';
import { HOUR, isoNow, MINUTE } from '../../lib/clock.js';
import { hashPassword } from '../../lib/secrets.js';
import * as commentsRepo from '../comments/comments.repo.js';
import * as contentRepo from '../content/content.repo.js';
import { renderText } from '../content/content.service.js';
import * as reactionsRepo from '../reactions/reactions.repo.js';
import * as spacesRepo from '../spaces/spaces.repo.js';
import * as usersRepo from '../users/users.repo.js';
import { createPerson } from '../users/users.service.js';
import { demoPosts, demoSpaces } from './demo.content.js';
import { demoDomain, demoPeople } from './demo.people.js';

/** Every demo colleague shares this password, so one can log in as anyone to try mentions and the like. */
export const DEMO_PASSWORD = 'kantine-demo';

export function demoEmail(name: string): string {
  return `${handleFromName(name.replace(/^Dr\. /, ''))}@${demoDomain}`;
}

/**
 * Fills the organisation with demo colleagues. Idempotent: people who already exist are skipped,
 * so running `kantine demo` twice does no harm. Returns how many people were created.
 */
export async function loadDemoCompany(ctx: AppContext): Promise<number> {
  const now = isoNow(ctx.clock);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return ctx.database.transaction(async (trx) => {
    let created = 0;
    const heads = new Map<string, number>();
    let ceo: number | null = null;
    // Heads first, so their teams can report to them.
    const ordered = [...demoPeople].sort((a, b) => Number(!!b.head) - Number(!!a.head));
    for (const person of ordered) {
      const email = demoEmail(person.name);
      const existing = await usersRepo.findUserByEmail(trx, email);
      const isCeo = person.department === 'Geschäftsführung' && person.head;
      const managerId: number | null = isCeo
        ? null
        : person.head
          ? ceo
          : (heads.get(person.department) ?? ceo);
      const id: number =
        existing?.id ??
        (await createPerson(trx, now, {
          email,
          name: person.name,
          password: null,
          passwordHash,
          role: 'member',
          title: person.title,
          department: person.department,
          location: person.location,
          phone: `+49 521 9876-${String(100 + created).padStart(3, '0')}`,
          about: person.about,
          skills: person.skills,
          managerId,
        }));
      if (!existing) created++;
      if (isCeo) ceo = id;
      if (person.head) heads.set(person.department, id);
    }
    return created;
  });
}

/**
 * Demo spaces with posts, comments and reactions spread over the last days. Idempotent: a space
 * that already exists (by name) is left alone together with its posts.
 */
export async function loadDemoStream(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now().getTime();
  const at = (hoursAgo: number, minutes = 0) =>
    new Date(now - hoursAgo * HOUR + minutes * MINUTE).toISOString();
  return ctx.database.transaction(async (trx) => {
    const people = await trx
      .selectFrom('users')
      .select(['id', 'name', 'department'])
      .where('status', '=', 'active')
      .execute();
    const idOf = new Map(people.map((person) => [person.name, person.id]));
    const spaceIds = new Map<string, number>();
    const company = await trx
      .selectFrom('spaces')
      .select('id')
      .where('mandatory', '=', 1)
      .orderBy('id')
      .executeTakeFirst();
    let created = 0;
    for (const space of demoSpaces) {
      const admin = idOf.get(space.admin);
      if (
        !admin ||
        (await trx.selectFrom('spaces').select('id').where('name', '=', space.name).executeTakeFirst())
      )
        continue;
      const id = await spacesRepo.insertSpace(trx, {
        name: space.name,
        description: space.description,
        color: space.color,
        visibility: space.visibility,
        mandatory: 0,
        archived_at: null,
        created_by: admin,
        search_text: searchableText([space.name, space.description]),
        created_at: at(24 * 30),
        updated_at: at(24 * 30),
      });
      spaceIds.set(space.key, id);
      const members = new Set([
        admin,
        ...people
          .filter((p) => space.departments === 'all' || space.departments.includes(p.department))
          .map((p) => p.id),
        ...(space.extraMembers ?? []).flatMap((name) => idOf.get(name) ?? []),
      ]);
      for (const member of members)
        await spacesRepo.upsertMembership(
          trx,
          id,
          member,
          member === admin ? 'admin' : 'member',
          'member',
          at(24 * 30),
        );
    }
    // The company space exists already; it gets its demo posts only on the run that creates the demo spaces.
    if (company && spaceIds.size > 0) spaceIds.set('alle', company.id);
    for (const post of demoPosts) {
      const spaceId = spaceIds.get(post.space);
      const author = idOf.get(post.author);
      if (!spaceId || !author) continue;
      const rendered = await renderText(trx, post.body, author);
      const published = at(post.hoursAgo);
      const contentId = await contentRepo.insertContent(trx, {
        type: 'post',
        spaceId,
        profileUserId: null,
        authorId: author,
        state: 'published',
        now: published,
        publishedAt: published,
      });
      await contentRepo.insertPost(trx, contentId, post.body, rendered.html);
      await contentRepo.replaceTags(trx, contentId, rendered.tags);
      if (post.pinned) await contentRepo.setPinned(trx, contentId, true, published);
      let minutes = 10;
      for (const comment of post.comments ?? []) {
        const commenter = idOf.get(comment.author);
        if (!commenter) continue;
        const html = (await renderText(trx, comment.body, commenter)).html;
        const commentId = await commentsRepo.insertComment(trx, {
          contentId,
          parentId: null,
          authorId: commenter,
          body: comment.body,
          html,
          now: at(post.hoursAgo, minutes),
        });
        await commentsRepo.adjustCommentCount(trx, contentId, 1);
        minutes += 7;
        for (const reply of comment.reply ?? []) {
          const replier = idOf.get(reply.author);
          if (!replier) continue;
          const replyHtml = (await renderText(trx, reply.body, replier)).html;
          await commentsRepo.insertComment(trx, {
            contentId,
            parentId: commentId,
            authorId: replier,
            body: reply.body,
            html: replyHtml,
            now: at(post.hoursAgo, minutes),
          });
          await commentsRepo.adjustCommentCount(trx, contentId, 1);
          minutes += 5;
        }
      }
      for (const [name, type] of post.reactions ?? []) {
        const reactor = idOf.get(name);
        if (reactor) await reactionsRepo.setReaction(trx, contentId, reactor, type, at(post.hoursAgo, 3));
      }
      created++;
    }
    return created;
  });
}
