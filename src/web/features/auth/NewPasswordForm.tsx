import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage, Field, useFieldErrors } from '../../components/ui';

/** Where a person chooses their password: after a reset link, and after redeeming an access code. */
export function NewPasswordForm({
  label,
  submitLabel,
  password,
  onPasswordChange,
  onSubmit,
  error,
  busy,
}: {
  label: string;
  submitLabel: string;
  password: string;
  onPasswordChange: (password: string) => void;
  onSubmit: () => void;
  error: unknown;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const errors = useFieldErrors(error, { password });
  function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit();
  }
  return (
    <form onSubmit={submit} noValidate>
      <Field
        label={label}
        name="password"
        type="password"
        value={password}
        onChange={onPasswordChange}
        required
        error={errors.password}
        hint={t('fields.passwordHint')}
        autoComplete="new-password"
      />
      <ErrorMessage error={error} />
      <button type="submit" className="button button-primary button-block" disabled={busy}>
        {submitLabel}
      </button>
    </form>
  );
}
