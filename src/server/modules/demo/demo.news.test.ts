import { describe, expect, it } from 'vitest';
import { demoSpaces } from './demo.content.js';
import { demoArticles } from './demo.news.js';

describe('the demo news point only to things the demo has', () => {
  // "Alle" is the mandatory all-company space that setup creates.
  const spaces = new Set(['Alle', ...demoSpaces.map((space) => space.name)]);

  it('every space an article names exists', () => {
    for (const article of demoArticles) {
      const named = [...article.body.matchAll(/Space(?:s)? „([^“]+)“/g)].map((match) => match[1]);
      for (const name of named) expect(spaces.has(name), `${article.title}: space „${name}“`).toBe(true);
      expect(article.body, article.title).not.toMatch(/Space #/);
    }
  });

  it('no article promises a file the demo does not upload', () => {
    for (const article of demoArticles) expect(article.body, article.title).not.toMatch(/Dateiablage/);
  });
});
