import { Copy } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CreatedWebhook, Webhook } from '../../../shared/api/webhooks';
import { EmptyState, ErrorMessage, Field, RelativeTime, useFieldErrors } from '../../components/ui';
import {
  useCreateWebhook,
  useDeleteWebhook,
  useDeliveries,
  useWebhooks,
  webhookEventTypes,
} from './webhooks.queries';
import './WebhooksSection.css';

function Deliveries({ webhook }: { webhook: Webhook }) {
  const { t } = useTranslation();
  const deliveries = useDeliveries(webhook.id, true);
  if (deliveries.error) return <ErrorMessage error={deliveries.error} />;
  const items = deliveries.data?.items ?? [];
  if (deliveries.data && items.length === 0) return <p className="muted">{t('webhooks.noDeliveries')}</p>;
  return (
    <table className="webhook-deliveries">
      <thead>
        <tr>
          <th scope="col">{t('webhooks.time')}</th>
          <th scope="col">{t('webhooks.event')}</th>
          <th scope="col">{t('webhooks.attempt')}</th>
          <th scope="col">{t('webhooks.status')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((delivery) => (
          <tr key={delivery.id}>
            <td>
              <RelativeTime iso={delivery.createdAt} />
            </td>
            <td>
              <code>{delivery.eventType}</code> #{delivery.eventId}
            </td>
            <td>{delivery.attempt}</td>
            <td className={delivery.error ? 'webhook-failed' : 'webhook-ok'}>
              {delivery.statusCode ?? '—'}
              {delivery.error && delivery.statusCode === null ? ` ${delivery.error}` : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function WebhookRow({ webhook }: { webhook: Webhook }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const remove = useDeleteWebhook();
  const last = webhook.lastDelivery;
  return (
    <li className="webhook-item">
      <div className="webhook-head">
        <div className="webhook-text">
          <code className="webhook-url">{webhook.url}</code>
          {webhook.description && <p>{webhook.description}</p>}
          <p className="muted">
            {webhook.events.includes('*') ? t('webhooks.allEvents') : webhook.events.join(', ')}
            {' · '}
            {last
              ? t(last.error ? 'webhooks.lastFailed' : 'webhooks.lastOk', { status: last.statusCode ?? '—' })
              : t('webhooks.neverDelivered')}
          </p>
        </div>
        <div className="webhook-actions">
          <button type="button" className="button" aria-expanded={open} onClick={() => setOpen(!open)}>
            {t('webhooks.deliveries')}
          </button>
          <button
            type="button"
            className="button button-danger"
            disabled={remove.isPending}
            onClick={() => {
              if (window.confirm(t('webhooks.confirmDelete', { url: webhook.url })))
                remove.mutate(webhook.id);
            }}
          >
            {t('webhooks.delete')}
          </button>
        </div>
      </div>
      <ErrorMessage error={remove.error} />
      {open && <Deliveries webhook={webhook} />}
    </li>
  );
}

export function WebhooksSection() {
  const { t } = useTranslation();
  const webhooks = useWebhooks();
  const create = useCreateWebhook();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<string[]>([]);
  const [created, setCreated] = useState<CreatedWebhook | null>(null);
  const fieldErrors = useFieldErrors(create.error);

  function toggle(type: string, on: boolean) {
    setEvents((current) => (on ? [...current, type] : current.filter((e) => e !== type)));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate(
      { url, events, description },
      {
        onSuccess: (webhook) => {
          setCreated(webhook);
          setUrl('');
          setDescription('');
          setEvents([]);
        },
      },
    );
  }

  const items = webhooks.data?.items ?? [];
  return (
    <section className="card" aria-labelledby="admin-webhooks">
      <h2 id="admin-webhooks">{t('webhooks.title')}</h2>
      <p>{t('webhooks.intro')}</p>
      {created && (
        <div className="webhook-secret" role="status">
          <p>
            <strong>{t('webhooks.secretTitle')}</strong> {t('webhooks.secretOnce')}
          </p>
          <span className="token-value">
            <code>{created.secret}</code>
            <button
              type="button"
              className="icon-button"
              onClick={() => navigator.clipboard?.writeText(created.secret)}
              aria-label={t('common.copy')}
              title={t('common.copy')}
            >
              <Copy size={16} aria-hidden="true" />
            </button>
          </span>
        </div>
      )}
      <ErrorMessage error={webhooks.error} />
      {webhooks.data && items.length === 0 ? (
        <EmptyState title={t('webhooks.empty')} />
      ) : (
        <ul className="webhook-list">
          {items.map((webhook) => (
            <WebhookRow key={webhook.id} webhook={webhook} />
          ))}
        </ul>
      )}
      <form className="webhook-form" onSubmit={submit}>
        <h3>{t('webhooks.add')}</h3>
        <Field
          label={t('webhooks.url')}
          name="url"
          type="url"
          value={url}
          onChange={setUrl}
          required
          maxLength={2000}
          placeholder="https://chat.example.com/hooks/kantine"
          error={fieldErrors.url}
        />
        <Field
          label={t('webhooks.description')}
          name="description"
          value={description}
          onChange={setDescription}
          maxLength={200}
        />
        <fieldset className="webhook-events">
          <legend>{t('webhooks.events')}</legend>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={events.includes('*')}
              onChange={(e) => toggle('*', e.target.checked)}
            />
            <span>{t('webhooks.allEvents')}</span>
          </label>
          {webhookEventTypes.map((type) => (
            <label className="checkbox" key={type}>
              <input
                type="checkbox"
                checked={events.includes('*') || events.includes(type)}
                disabled={events.includes('*')}
                onChange={(e) => toggle(type, e.target.checked)}
              />
              <span>
                {t(`webhooks.types.${type.replace('.', '_')}`)} <code>{type}</code>
              </span>
            </label>
          ))}
        </fieldset>
        <ErrorMessage error={create.error} />
        <button
          type="submit"
          className="button button-primary"
          disabled={create.isPending || events.length === 0}
        >
          {t('webhooks.create')}
        </button>
      </form>
    </section>
  );
}
