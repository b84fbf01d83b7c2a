import { useQuery } from '@tanstack/react-query';
import { Link, useSearch } from '@tanstack/react-router';
import { Minus, Plus } from 'lucide-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Avatar } from '../../components/Avatar';
import { EmptyState, PageLoading } from '../../components/ui';
import { type OrgNode, orgChartApi, orgChartKeys } from './queries';
import './orgchart.css';

const departmentColours = 8;
/** The same department always gets the same colour (one of the avatar tokens). */
function departmentColour(department: string) {
  let hash = 0;
  for (const char of department) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return `var(--avatar-${hash % departmentColours})`;
}

const fold = (text: string) =>
  text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');

function matches(node: OrgNode, query: string): boolean {
  return fold(`${node.name} ${node.title} ${node.department}`).includes(query);
}

/** Whether a node or anyone below it matches: those branches open while searching. */
function containsMatch(node: OrgNode, query: string): boolean {
  return matches(node, query) || node.reports.some((report) => containsMatch(report, query));
}

export function OrgChartPage() {
  const { t } = useTranslation();
  const { rootId } = useSearch({ from: '/app/org-chart' });
  const [query, setQuery] = useState('');
  const [zoom, setZoom] = useState(1);
  const chart = useQuery({
    queryKey: orgChartKeys.chart(rootId ?? null),
    queryFn: async () => {
      const body = await orgChartApi.chart(rootId ?? null);
      // Node 0 is the organisation heading several trees; the page shows those trees side by side.
      return body.id === 0 ? body.reports : [body];
    },
  });
  const folded = fold(query.trim());
  const departments = useMemo(() => {
    const found = new Set<string>();
    const walk = (node: OrgNode) => {
      if (node.department) found.add(node.department);
      node.reports.forEach(walk);
    };
    chart.data?.forEach(walk);
    return [...found].sort((a, b) => a.localeCompare(b));
  }, [chart.data]);

  if (!chart.data) return <PageLoading error={chart.error} />;
  const roots = folded ? chart.data.filter((root) => containsMatch(root, folded)) : chart.data;

  return (
    <div className="page">
      <h1 className="page-title">{t('orgChart.title')}</h1>
      <div className="orgchart-toolbar">
        <label className="orgchart-search">
          <span className="visually-hidden">{t('orgChart.search')}</span>
          <input
            type="search"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            placeholder={t('orgChart.search')}
            aria-label={t('orgChart.search')}
          />
        </label>
        <fieldset className="orgchart-zoom">
          <legend className="visually-hidden">{t('orgChart.zoom')}</legend>
          <button
            type="button"
            className="button"
            onClick={() => setZoom((value) => Math.max(0.6, value - 0.2))}
            aria-label={t('orgChart.zoomOut')}
          >
            <Minus size={16} aria-hidden="true" />
          </button>
          <button
            type="button"
            className="button"
            onClick={() => setZoom((value) => Math.min(1.6, value + 0.2))}
            aria-label={t('orgChart.zoomIn')}
          >
            <Plus size={16} aria-hidden="true" />
          </button>
        </fieldset>
        {rootId && (
          <Link to="/org-chart" search={{}} className="button">
            {t('orgChart.wholeCompany')}
          </Link>
        )}
      </div>
      {departments.length > 0 && (
        <ul className="orgchart-legend" aria-label={t('orgChart.departments')}>
          {departments.map((department) => (
            <li key={department}>
              <span className="orgchart-swatch" style={{ background: departmentColour(department) }} />
              {department}
            </li>
          ))}
        </ul>
      )}
      {roots.length === 0 ? (
        <EmptyState title={folded ? t('orgChart.noMatch') : t('orgChart.empty')} />
      ) : (
        <div className="orgchart-scroll">
          <ul className="orgchart-tree" style={{ fontSize: `${zoom}rem` }}>
            {roots.map((root) => (
              <OrgBranch key={root.id} node={root} query={folded} depth={0} />
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

function OrgBranch({ node, query, depth }: { node: OrgNode; query: string; depth: number }) {
  const { t } = useTranslation();
  const searching = query !== '';
  const [open, setOpen] = useState(depth < 2);
  const visibleReports = searching
    ? node.reports.filter((report) => containsMatch(report, query))
    : node.reports;
  const expanded = searching ? visibleReports.length > 0 : open;
  return (
    <li>
      <div
        className={`orgchart-card${searching && matches(node, query) ? ' orgchart-hit' : ''}`}
        style={{ borderInlineStartColor: node.department ? departmentColour(node.department) : undefined }}
      >
        <Avatar person={node} size={36} />
        <div className="orgchart-text">
          <Link to="/people/$id" params={{ id: String(node.id) }} className="orgchart-name">
            {node.name}
          </Link>
          <span className="orgchart-meta">{[node.title, node.department].filter(Boolean).join(' · ')}</span>
        </div>
        {node.reports.length > 0 && !searching && (
          <button
            type="button"
            className="button orgchart-toggle"
            aria-expanded={open}
            onClick={() => setOpen(!open)}
          >
            {t('orgChart.team', { count: node.reports.length })}
          </button>
        )}
      </div>
      {expanded && visibleReports.length > 0 && (
        <ul>
          {visibleReports.map((report) => (
            <OrgBranch key={report.id} node={report} query={query} depth={depth + 1} />
          ))}
        </ul>
      )}
    </li>
  );
}
