import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Copy } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CreatedInvitation } from '../../../shared/api/auth';
import { EmptyState, ErrorMessage, RelativeTime } from '../../components/ui';
import { ApiError } from '../../lib/api-error';
import { queryKeys } from '../../lib/queries';
import { useSubmission } from '../../lib/submission';
import { adminApi } from './queries';

interface Outcome {
  email: string;
  invitation?: CreatedInvitation;
  error?: ApiError;
}

/** Splits a pasted list (commas, semicolons, new lines, "Name <mail>") into addresses. */
export function parseEmailList(text: string): string[] {
  const found = text.match(/[^\s<>,;"']+@[^\s<>,;"']+/g) ?? [];
  return [...new Set(found.map((email) => email.toLowerCase()))];
}

export function InviteSection() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [role, setRole] = useState<'member' | 'editor' | 'admin'>('member');
  const [outcomes, setOutcomes] = useState<Outcome[]>([]);
  const open = useQuery({
    queryKey: queryKeys.invitations,
    queryFn: adminApi.invitations,
  });
  const submission = useSubmission();
  const invite = useMutation({
    mutationFn: async (emails: string[]) => {
      const results: Outcome[] = [];
      for (const [index, email] of emails.entries()) {
        try {
          results.push({
            email,
            invitation: await adminApi.invite({ email, role }, `${submission.key()}-${index}`),
          });
        } catch (error) {
          results.push({
            email,
            error: error instanceof ApiError ? error : new ApiError(0, 'unknown', String(error)),
          });
        }
      }
      return results;
    },
    onSuccess: (results) => {
      setOutcomes(results);
      if (results.every((result) => result.invitation)) setText('');
      void queryClient.invalidateQueries({ queryKey: queryKeys.invitations });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: number) => adminApi.revokeInvitation(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.invitations }),
  });
  const emails = parseEmailList(text);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (emails.length > 0) submission.run(() => invite.mutateAsync(emails));
  }

  return (
    <section className="card" aria-labelledby="admin-invite">
      <h2 id="admin-invite">{t('admin.inviteTitle')}</h2>
      <p>{t('admin.inviteText')}</p>
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor="invite-emails">{t('admin.inviteEmails')}</label>
          <textarea
            id="invite-emails"
            rows={3}
            value={text}
            onChange={(event) => setText(event.target.value)}
            placeholder="anna@firma.de, bernd@firma.de"
            aria-describedby="invite-count"
          />
          <p className="field-hint" id="invite-count">
            {t('admin.inviteCount', { count: emails.length })}
          </p>
        </div>
        <div className="inline-form">
          <div className="field">
            <label htmlFor="invite-role">{t('admin.role')}</label>
            <select
              id="invite-role"
              value={role}
              onChange={(event) => setRole(event.target.value as 'member' | 'admin')}
            >
              <option value="member">{t('roles.member')}</option>
              <option value="editor">{t('roles.editor')}</option>
              <option value="admin">{t('roles.admin')}</option>
            </select>
          </div>
          <button
            type="submit"
            className="button button-primary"
            disabled={invite.isPending || emails.length === 0}
          >
            {t('admin.inviteSubmit', { count: emails.length })}
          </button>
        </div>
      </form>
      {outcomes.length > 0 && (
        <ul className="row-list" aria-live="polite">
          {outcomes.map((outcome) => (
            <li key={outcome.email}>
              <span>
                <strong>{outcome.email}</strong>
                <br />
                {outcome.error ? (
                  <span className="field-error">
                    {t(`errors.${outcome.error.code}`, { defaultValue: outcome.error.message })}
                  </span>
                ) : outcome.invitation?.mailed ? (
                  <small>{t('admin.inviteMailed')}</small>
                ) : (
                  <small>{t('admin.inviteNoMail')}</small>
                )}
              </span>
              {outcome.invitation && !outcome.invitation.mailed && (
                <span className="token-value">
                  <code>{outcome.invitation.url}</code>
                  <button
                    type="button"
                    className="icon-button"
                    onClick={() => navigator.clipboard?.writeText(outcome.invitation!.url)}
                    aria-label={t('common.copy')}
                    title={t('common.copy')}
                  >
                    <Copy size={16} aria-hidden="true" />
                  </button>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      <h3>{t('admin.openInvitations')}</h3>
      <ErrorMessage error={open.error ?? revoke.error} />
      {open.data?.items.length === 0 ? (
        <EmptyState title={t('admin.noOpenInvitations')} />
      ) : (
        <ul className="row-list">
          {open.data?.items.map((invitation) => (
            <li key={invitation.id}>
              <span>
                <strong>{invitation.email}</strong> · {t(`roles.${invitation.role}`)}
                <br />
                <small className="muted">
                  {t('admin.invitedBy', { name: invitation.invitedBy })}{' '}
                  <RelativeTime iso={invitation.createdAt} />
                </small>
              </span>
              <button type="button" className="button" onClick={() => revoke.mutate(invitation.id)}>
                {t('admin.revoke')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
