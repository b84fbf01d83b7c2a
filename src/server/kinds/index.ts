import { articleKind } from '../modules/articles/article.kind.js';
import { postKind } from '../modules/content/post.kind.js';
import { ideaKind } from '../modules/ideas/ideas.kind.js';
import { pollKind } from '../modules/polls/polls.kind.js';
import type { ContentKind } from './registry.js';

/** Every content kind of the product, one line each; buildApp adds those a test passes in deps. */
export const builtInKinds: ContentKind[] = [postKind, articleKind, pollKind, ideaKind];
