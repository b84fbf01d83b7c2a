import type { ConsentBody } from '../../../shared/api/social.js';
import type { AppContext } from '../../context.js';
import { fail } from '../../http/errors.js';
import type { Viewer } from '../../http/viewer.js';
import { isoNow } from '../../lib/clock.js';
import * as usersRepo from '../users/users.repo.js';
import { mayRequestConsent } from './social.policy.js';
import * as repo from './stories.repo.js';
import { getStory, loadStory, storyHolder } from './stories.service.js';

/**
 * Records consent for a recognisable person in a story's picture: a colleague is asked and answers
 * in Kantine; for an external person the signed form is uploaded (their consent is then on file).
 */
export async function addConsent(ctx: AppContext, viewer: Viewer, storyId: number, body: ConsentBody) {
  const { row, who } = await loadStory(ctx, viewer, storyId);
  if (!mayRequestConsent(who, row))
    throw fail.forbidden('Only the suggester and the social media desk ask for consent.');
  const { db } = ctx.database;
  if (body.fileId !== undefined) {
    const pictures = await repo.picturesOf(db, [storyId]);
    if (!pictures.some((picture) => picture.file_id === body.fileId))
      throw fail.badRequest('invalid_attachment', 'This picture does not belong to the story.');
  }
  const now = isoNow(ctx.clock);
  if ('personId' in body) {
    const person = await usersRepo.findUserById(db, body.personId);
    if (person?.status !== 'active') throw fail.badRequest('unknown_user', 'This person does not exist.');
    await ctx.database.transaction(async (trx, _afterCommit, emit) => {
      const consentId = await repo.insertConsent(trx, {
        story_id: storyId,
        file_id: body.fileId ?? null,
        person_id: person.id,
        external_name: null,
        form_file_id: null,
        state: person.id === viewer.id ? 'confirmed' : 'requested',
        requested_by: viewer.id,
        created_at: now,
        answered_at: person.id === viewer.id ? now : null,
      });
      if (person.id !== viewer.id)
        emit({
          type: 'story.consent_requested',
          storyId,
          consentId,
          personId: person.id,
          actorId: viewer.id,
        });
    });
  } else {
    await ctx.database.transaction(async (trx) => {
      const own = await repo.ownFreeUploads(trx, viewer.id, [body.formFileId]);
      if (own.length !== 1)
        throw fail.badRequest(
          'invalid_attachment',
          'The form must be a file you uploaded and not used elsewhere.',
        );
      await repo.insertConsent(trx, {
        story_id: storyId,
        file_id: body.fileId ?? null,
        person_id: null,
        external_name: body.externalName,
        form_file_id: body.formFileId,
        state: 'on_file',
        requested_by: viewer.id,
        created_at: now,
        answered_at: now,
      });
      await repo.holdFiles(trx, [body.formFileId], storyHolder(storyId));
    });
  }
  return getStory(ctx, viewer, storyId);
}

/** The pictured colleague confirms or declines; the suggester and the desk are told. */
export async function answerConsent(
  ctx: AppContext,
  viewer: Viewer,
  storyId: number,
  consentId: number,
  answer: 'confirmed' | 'declined',
) {
  await loadStory(ctx, viewer, storyId);
  const consent = await repo.findConsent(ctx.database.db, storyId, consentId);
  if (!consent || consent.person_id !== viewer.id)
    throw fail.forbidden('Only the person asked answers a consent request.');
  await ctx.database.transaction(async (trx, _afterCommit, emit) => {
    if (!(await repo.answerConsent(trx, consentId, answer, isoNow(ctx.clock))))
      throw fail.conflict('invalid_state_change', 'This request has already been answered.');
    emit({ type: 'story.consent_answered', storyId, consentId, actorId: viewer.id, answer });
  });
  return getStory(ctx, viewer, storyId);
}
