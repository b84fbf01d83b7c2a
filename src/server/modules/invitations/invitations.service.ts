import type { CreatedInvitation, InvitationInfo } from '../../../shared/api/auth.js';
import type { AppContext } from '../../context.js';
import type { UserRole } from '../../db/schema.js';
import { fail } from '../../http/errors.js';
import { publicBaseUrl } from '../../http/urls.js';
import type { Viewer } from '../../http/viewer.js';
import { DAY, isoIn, isoNow } from '../../lib/clock.js';
import { hashSecret, newSecret } from '../../lib/secrets.js';
import { invitationMail } from '../../mail/templates.js';
import { startSession } from '../auth/auth.service.js';
import * as orgRepo from '../organisation/organisation.repo.js';
import * as usersRepo from '../users/users.repo.js';
import { createPerson } from '../users/users.service.js';
import * as repo from './invitations.repo.js';

export const INVITATION_LIFETIME = 14 * DAY;
const mayInvite = (viewer: Viewer) => viewer.role === 'admin';
const invalidLink = () =>
  fail.gone(
    'invalid_invitation',
    'This invitation link is invalid, was already used or has expired. Ask your administrator for a new one.',
  );

export async function invite(
  ctx: AppContext,
  viewer: Viewer,
  email: string,
  role: UserRole,
): Promise<CreatedInvitation> {
  if (!mayInvite(viewer)) throw fail.forbidden('Only administrators may invite people.');
  const { db } = ctx.database;
  if (await usersRepo.emailTaken(db, email))
    throw fail.conflict('email_taken', 'This e-mail address already has an account.');
  const secret = newSecret();
  const url = `${await publicBaseUrl(ctx)}/invite/${secret}`;
  const organisation = await orgRepo.findOrganisation(db);
  const id = await ctx.database.transaction(async (trx, _afterCommit, emit) => {
    const now = isoNow(ctx.clock);
    await repo.revokeOpenForEmail(trx, email, now);
    const invitationId = await repo.insertInvitation(trx, {
      email,
      role,
      tokenHash: hashSecret(secret),
      invitedBy: viewer.id,
      now,
      expiresAt: isoIn(ctx.clock, INVITATION_LIFETIME),
    });
    const mail = invitationMail(viewer.locale ?? organisation?.default_locale ?? 'de', {
      organisation: organisation?.name ?? 'Kantine',
      inviter: viewer.name,
      url,
    });
    emit({ type: 'mail.requested', to: email, ...mail });
    return invitationId;
  });
  return { id, email, url, mailed: ctx.mailer.enabled };
}

export async function listOpen(ctx: AppContext, viewer: Viewer): Promise<InvitationInfo[]> {
  if (!mayInvite(viewer)) throw fail.forbidden('Only administrators may see invitations.');
  const rows = await repo.listOpenInvitations(ctx.database.db, isoNow(ctx.clock));
  return rows.map((row) => ({
    id: row.id,
    email: row.email,
    role: row.role,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    invitedBy: row.inviter,
  }));
}

export async function revoke(ctx: AppContext, viewer: Viewer, id: number) {
  if (!mayInvite(viewer)) throw fail.forbidden('Only administrators may revoke invitations.');
  const revoked = await ctx.database.transaction((trx) => repo.revokeInvitation(trx, id, isoNow(ctx.clock)));
  if (!revoked) throw fail.notFound('No open invitation with this id.');
}

/** What the accept page shows before the invitee sets name and password. Anyone holding the link may ask. */
export async function preview(ctx: AppContext, token: string) {
  const { db } = ctx.database;
  const invitation = await repo.findOpenInvitationByToken(db, hashSecret(token), isoNow(ctx.clock));
  if (!invitation) throw invalidLink();
  const organisation = await orgRepo.findOrganisation(db);
  return { email: invitation.email, organisationName: organisation?.name ?? 'Kantine' };
}

export async function accept(
  ctx: AppContext,
  token: string,
  name: string,
  password: string,
  locale: string | null,
  userAgent: string,
) {
  const now = isoNow(ctx.clock);
  const userId = await ctx.database.transaction(async (trx, _afterCommit, emit) => {
    const invitation = await repo.findOpenInvitationByToken(trx, hashSecret(token), now);
    if (!invitation || !(await repo.markAccepted(trx, invitation.id, now))) throw invalidLink();
    const id = await createPerson(trx, now, {
      email: invitation.email,
      name,
      password,
      role: invitation.role,
      locale,
    });
    emit({ type: 'user.changed', userId: id, change: 'created' });
    return id;
  });
  return { userId, secret: await startSession(ctx, userId, userAgent) };
}
