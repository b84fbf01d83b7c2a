import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Space } from '../../../shared/api/spaces';
import { Avatar } from '../../components/Avatar';
import { EmptyState, ErrorMessage, Field } from '../../components/ui';
import { queryKeys } from '../../lib/queries';
import { spaceKeys, spacesApi } from './queries';
import './spaces.css';
import './space-members.css';

type Status = 'member' | 'requested' | 'invited';

function MemberList({ space, status }: { space: Space; status: Status }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const members = useQuery({
    queryKey: spaceKeys.memberList(space.id, status),
    queryFn: () => spacesApi.members(space.id, status),
  });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: spaceKeys.members(space.id) });
    void queryClient.invalidateQueries({ queryKey: spaceKeys.one(space.id) });
  };
  const approve = useMutation({
    mutationFn: (userId: number) => spacesApi.addMember(space.id, userId),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (userId: number) => spacesApi.removeMember(space.id, userId),
    onSuccess: refresh,
  });
  const role = useMutation({
    mutationFn: ({ userId, role }: { userId: number; role: 'admin' | 'member' }) =>
      spacesApi.setRole(space.id, userId, role),
    onSuccess: refresh,
  });
  const items = members.data?.items ?? [];
  if (members.isSuccess && items.length === 0)
    return status === 'member' ? <EmptyState title={t('spaces.noMembers')} /> : null;
  return (
    <section aria-label={t(`spaces.memberStatus.${status}`)}>
      {status !== 'member' && <h3>{t(`spaces.memberStatus.${status}`)}</h3>}
      <ErrorMessage error={members.error ?? approve.error ?? remove.error ?? role.error} />
      <ul className="row-list">
        {items.map((member) => (
          <li key={member.user.id}>
            <Link to="/people/$id" params={{ id: String(member.user.id) }} className="person-chip">
              <Avatar person={member.user} size={36} />
              <span>
                <strong>
                  {member.user.name}
                  {member.role === 'admin' && (
                    <span className="badge badge-role">{t('spaces.roleAdmin')}</span>
                  )}
                </strong>
                {member.user.title && <small>{member.user.title}</small>}
              </span>
            </Link>
            {space.permissions.manage && (
              <span className="row-actions">
                {status === 'requested' && (
                  <button
                    type="button"
                    className="button button-primary"
                    onClick={() => approve.mutate(member.user.id)}
                  >
                    {t('spaces.approve')}
                  </button>
                )}
                {status === 'member' && (
                  <button
                    type="button"
                    className="button"
                    onClick={() =>
                      role.mutate({
                        userId: member.user.id,
                        role: member.role === 'admin' ? 'member' : 'admin',
                      })
                    }
                  >
                    {member.role === 'admin' ? t('spaces.makeMember') : t('spaces.makeAdmin')}
                  </button>
                )}
                {!space.mandatory && (
                  <button
                    type="button"
                    className="button button-danger"
                    onClick={() => remove.mutate(member.user.id)}
                  >
                    {status === 'requested'
                      ? t('spaces.decline')
                      : status === 'invited'
                        ? t('spaces.withdraw')
                        : t('spaces.remove')}
                  </button>
                )}
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function InvitePerson({ space }: { space: Space }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [q, setQ] = useState('');
  const people = useQuery({
    queryKey: queryKeys.users({ q, purpose: 'space-invite' }),
    queryFn: () => spacesApi.findPeople(q),
    enabled: q.length >= 2,
  });
  const invite = useMutation({
    mutationFn: (userId: number) => spacesApi.addMember(space.id, userId),
    onSuccess: () => {
      setQ('');
      void queryClient.invalidateQueries({ queryKey: spaceKeys.members(space.id) });
    },
  });
  return (
    <div className="invite-person">
      <Field label={t('spaces.invitePerson')} name="invite" type="search" value={q} onChange={setQ} />
      <ul className="option-list">
        {people.data?.items.map((person) => (
          <li key={person.id}>
            <button type="button" className="link-button" onClick={() => invite.mutate(person.id)}>
              {t('spaces.inviteName', { name: person.name })}
            </button>
          </li>
        ))}
      </ul>
      <ErrorMessage error={invite.error} />
    </div>
  );
}

export function SpaceMembers({ space }: { space: Space }) {
  return (
    <div className="card">
      {space.permissions.manage && !space.mandatory && <InvitePerson space={space} />}
      {space.permissions.manage && <MemberList space={space} status="requested" />}
      {space.permissions.manage && <MemberList space={space} status="invited" />}
      <MemberList space={space} status="member" />
    </div>
  );
}
