import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.js';
import * as m0002 from './0002_spaces_stream.js';
import * as m0003 from './0003_search.js';
import * as m0004 from './0004_library.js';
import * as m0005 from './0005_feed_indexes.js';
import * as m0006 from './0006_search_prefixes.js';
import * as m0007 from './0007_space_avatars.js';
import * as m0008 from './0008_search_fts_cleanup.js';
import * as m0009 from './0009_articles.js';
import * as m0010 from './0010_hashtags.js';
import * as m0011 from './0011_search_small_kinds.js';
import * as m0012 from './0012_outbox.js';
import * as m0014 from './0014_idempotency.js';
import * as m0016 from './0016_security.js';
import * as m0017 from './0017_health_probes.js';
import * as m0018 from './0018_identity.js';
import * as m0020 from './0020_scim.js';
import * as m0021 from './0021_polls_ideas.js';
import * as m0022 from './0022_surveys.js';
import * as m0023 from './0023_social_desk.js';
import * as m0024 from './0024_fediverse.js';
import * as m0025 from './0025_ldap.js';
import * as m0026 from './0026_second_factor.js';
import * as m0028 from './0028_event_dedupe.js';
import * as m0029 from './0029_staff_leads.js';
import * as m0030 from './0030_social_oauth_guidelines.js';
import * as m0031 from './0031_notification_groups.js';

/** Numbered migrations, listed statically so they work from source, from dist/ and in tests alike. */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_spaces_stream': m0002,
  '0003_search': m0003,
  '0004_library': m0004,
  '0005_feed_indexes': m0005,
  '0006_search_prefixes': m0006,
  '0007_space_avatars': m0007,
  '0008_search_fts_cleanup': m0008,
  '0009_articles': m0009,
  '0010_hashtags': m0010,
  '0011_search_small_kinds': m0011,
  '0012_outbox': m0012,
  '0014_idempotency': m0014,
  '0016_security': m0016,
  '0017_health_probes': m0017,
  '0018_identity': m0018,
  '0020_scim': m0020,
  '0021_polls_ideas': m0021,
  '0022_surveys': m0022,
  '0023_social_desk': m0023,
  '0024_fediverse': m0024,
  '0025_ldap': m0025,
  '0026_second_factor': m0026,
  '0028_event_dedupe': m0028,
  '0029_staff_leads': m0029,
  '0030_social_oauth_guidelines': m0030,
  '0031_notification_groups': m0031,
};
