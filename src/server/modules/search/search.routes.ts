import { searchPage, searchQuery, suggestions, suggestQuery } from '../../../shared/api/search.js';
import type { AppContext } from '../../context.js';
import { type Api, errorResponses, viewerOf } from '../../http/api.js';
import * as search from './search.service.js';

const tags = ['search'];

export function searchRoutes(app: Api, ctx: AppContext) {
  app.get(
    '/api/v1/search',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary:
          'Search people, spaces, posts, comments and hashtags: German/English stemming, prefixes, "phrases" and -exclusions; only what the viewer may see',
        querystring: searchQuery,
        response: { 200: searchPage, ...errorResponses },
      },
    },
    (request) => search.search(ctx, viewerOf(request), request.query),
  );

  app.get(
    '/api/v1/search/suggest',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'As-you-type suggestions, grouped by kind',
        querystring: suggestQuery,
        response: { 200: suggestions, ...errorResponses },
      },
    },
    (request) => search.suggest(ctx, viewerOf(request), request.query.q),
  );
}
