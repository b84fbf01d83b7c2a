import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { EmptyState, ErrorMessage, Skeleton } from '../../components/ui';
import './identity.css';
import { identityApi, identityKeys } from './queries';
import { PrintCodes, StaffSection } from './StaffSection';

/**
 * "Mitarbeitende ohne E-Mail" for team leads with the right (admins have the same in the
 * administration): create a colleague, who then reports to the lead, and print access codes for
 * the colleagues without e-mail in the lead's team — also a new one after a lost phone.
 */
export function StaffPage() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <h1 className="page-title">{t('identity.staffPageTitle')}</h1>
      <StaffSection lead />
      <TeamSection />
    </div>
  );
}

function TeamSection() {
  const { t } = useTranslation();
  const team = useInfiniteQuery({
    queryKey: identityKeys.staffTeam,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => identityApi.staffTeam(pageParam),
    getNextPageParam: (last) => last.nextCursor,
  });
  const people = team.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className="card" aria-labelledby="staff-team">
      <h2 id="staff-team">{t('identity.staffTeamTitle')}</h2>
      {team.isPending ? (
        <Skeleton lines={3} />
      ) : people.length === 0 ? (
        <EmptyState title={t('identity.staffTeamEmpty')}>
          <p>{t('identity.staffTeamEmptyHint')}</p>
        </EmptyState>
      ) : (
        <PrintCodes legend={t('identity.staffTeamLegend')} people={people} />
      )}
      {team.hasNextPage && (
        <button
          type="button"
          className="button"
          disabled={team.isFetchingNextPage}
          onClick={() => team.fetchNextPage()}
        >
          {t('identity.staffTeamMore')}
        </button>
      )}
      <ErrorMessage error={team.error} />
    </section>
  );
}
