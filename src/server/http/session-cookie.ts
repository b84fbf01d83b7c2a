import type { FastifyReply } from 'fastify';
import type { AppContext } from '../context.js';
import { SESSION_COOKIE, SESSION_LIFETIME } from './access.js';

export function setSessionCookie(ctx: AppContext, reply: FastifyReply, secret: string) {
  reply.setCookie(SESSION_COOKIE, secret, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.config.publicUrl?.startsWith('https://') ?? false,
    maxAge: SESSION_LIFETIME / 1000,
  });
}

export function clearSessionCookie(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
