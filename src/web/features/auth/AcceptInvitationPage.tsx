import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage, Field, Skeleton, useFieldErrors } from '../../components/ui';
import { queryKeys } from '../../lib/queries';
import { useSubmission } from '../../lib/submission';
import { AuthLayout } from './AuthLayout';
import { authApi, authKeys } from './queries';

export function AcceptInvitationPage() {
  const { t } = useTranslation();
  const { token } = useParams({ from: '/invite/$token' });
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const invitation = useQuery({
    queryKey: authKeys.invitation(token),
    queryFn: () => authApi.invitation(token),
  });
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const submission = useSubmission();
  const accept = useMutation({
    mutationFn: () => authApi.acceptInvitation(token, { name, password }),
    onSuccess: async (me) => {
      queryClient.setQueryData(queryKeys.me, me);
      await navigate({ to: '/settings' });
    },
  });
  const errors = useFieldErrors(accept.error, { name, password });

  function submit(event: FormEvent) {
    event.preventDefault();
    submission.run(accept.mutateAsync);
  }

  if (invitation.isPending) {
    return (
      <AuthLayout title={t('invite.title')}>
        <Skeleton />
      </AuthLayout>
    );
  }
  if (invitation.isError) {
    return (
      <AuthLayout title={t('invite.title')}>
        <ErrorMessage error={invitation.error} />
      </AuthLayout>
    );
  }
  return (
    <AuthLayout
      title={t('invite.welcome', { organisation: invitation.data.organisationName })}
      intro={<p>{t('invite.intro', { email: invitation.data.email })}</p>}
    >
      <form onSubmit={submit} noValidate>
        <Field
          label={t('fields.name')}
          name="name"
          value={name}
          onChange={setName}
          required
          error={errors.name}
          autoComplete="name"
          maxLength={100}
        />
        <Field
          label={t('fields.password')}
          name="password"
          type="password"
          value={password}
          onChange={setPassword}
          required
          error={errors.password}
          hint={t('fields.passwordHint')}
          autoComplete="new-password"
        />
        <ErrorMessage error={accept.error} />
        <button type="submit" className="button button-primary button-block" disabled={accept.isPending}>
          {t('invite.submit')}
        </button>
      </form>
    </AuthLayout>
  );
}
