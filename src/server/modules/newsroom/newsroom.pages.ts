import type { Locale } from '../../../shared/api/common.js';
import type { OrganisationRow } from '../../db/schema.js';
import { html, raw, type SafeHtml } from '../../lib/html.js';
import { creditLine, withImageCredits, withoutIntranetLinks } from '../articles/articles.images.js';
import type { NewsroomMessages } from './newsroom.messages.js';
import type { PublicArticleRow } from './newsroom.repo.js';
import type { Challenge, FieldErrors, GuestCommentForm, PublicArticle } from './newsroom.service.js';

/** The public newsroom, rendered on the server: readable without JavaScript, no third-party requests. */
export interface PageContext {
  organisation: OrganisationRow | undefined;
  locale: Locale;
  messages: NewsroomMessages;
  /** The absolute origin (configured public URL, else the request's). */
  base: string;
  /** The language the visitor chose with `?lang=`, kept on every internal link; absent means the default. */
  chosenLocale?: Locale;
  /** This page's path without `lang`, for the language switch. */
  here: string;
}

/** An internal link that keeps the visitor's chosen language. */
export function localHref(page: PageContext, path: string): string {
  if (!page.chosenLocale) return path;
  const [withoutFragment, fragment] = path.split('#');
  const joiner = withoutFragment.includes('?') ? '&' : '?';
  return `${withoutFragment}${joiner}lang=${page.chosenLocale}${fragment === undefined ? '' : `#${fragment}`}`;
}

function languageSwitch(page: PageContext) {
  const joiner = page.here.includes('?') ? '&' : '?';
  const choices: Array<[Locale, string]> = [
    ['de', 'Deutsch'],
    ['en', 'English'],
  ];
  return html`<nav class="languages" aria-label="${page.messages.language}">${choices.map(([locale, name]) =>
    locale === page.locale
      ? html`<a href="${page.here}${joiner}lang=${locale}" lang="${locale}" hreflang="${locale}" aria-current="true">${name}</a>`
      : html`<a href="${page.here}${joiner}lang=${locale}" lang="${locale}" hreflang="${locale}">${name}</a>`,
  )}</nav>`;
}

const mediaUrl = (id: string, thumbnail = false) => `/news/media/${id}${thumbnail ? '?thumbnail=true' : ''}`;

function longDate(iso: string | null, locale: Locale) {
  if (!iso) return '';
  return new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', {
    dateStyle: 'long',
    timeZone: 'Europe/Berlin',
  }).format(new Date(iso));
}

const styles = (color: string) => `
:root{--primary:${/^#[0-9a-fA-F]{6}$/.test(color) ? color : '#0f766e'};--text:#1f2328;--muted:#57606a;--bg:#fff;--line:#d0d7de;--soft:#f6f8fa;--error:#b42318}
@media (prefers-color-scheme:dark){:root{--text:#e6edf3;--muted:#9da7b3;--bg:#0d1117;--line:#30363d;--soft:#161b22;--error:#ff7b72}}
*{box-sizing:border-box}body{margin:0;font:1.05rem/1.65 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--text);background:var(--bg)}
a{color:var(--primary)}a:focus-visible,button:focus-visible,input:focus-visible,textarea:focus-visible{outline:3px solid var(--primary);outline-offset:2px}
.top{border-bottom:1px solid var(--line)}.top div{max-width:46rem;margin:0 auto;padding:.9rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between}
.top a{text-decoration:none;font-weight:700;color:var(--text)}main{max-width:46rem;margin:0 auto;padding:1.5rem 1rem 4rem}
.meta{color:var(--muted);font-size:.92rem}.category{display:inline-block;font-size:.8rem;font-weight:700;text-transform:uppercase;letter-spacing:.04em;color:var(--primary)}
h1{font-size:2.1rem;line-height:1.2;margin:.3rem 0 .6rem}.lead{font-size:1.2rem;color:var(--text)}
figure{margin:1.5rem 0}figure img,.figure img{max-width:100%;height:auto;border-radius:8px;display:block}
figcaption,.credit{display:block;font-size:.82rem;color:var(--muted);margin-top:.35rem}.figure{display:block;margin:1rem 0}
.body blockquote{border-left:4px solid var(--line);margin:1rem 0;padding:.2rem 1rem;color:var(--muted)}
.author{display:flex;gap:1rem;align-items:flex-start;background:var(--soft);border-radius:12px;padding:1rem;margin:2.5rem 0}
.initials{flex:none;width:3.2rem;height:3.2rem;border-radius:50%;background:var(--primary);color:#fff;display:grid;place-items:center;font-weight:700}
.share{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0}.share a{display:inline-block;border:1px solid var(--line);border-radius:999px;padding:.25rem .8rem;text-decoration:none}
.cards{list-style:none;padding:0;display:grid;gap:1.5rem}.card{display:grid;gap:.4rem}.card h2{margin:0;font-size:1.35rem}.card p{margin:0}.card h2 a{text-decoration:none}.card h2 a:hover{text-decoration:underline}.card img{width:100%;height:auto;border-radius:8px}
.comments ol{list-style:none;padding:0}.comments li{border-top:1px solid var(--line);padding:.8rem 0}.comments .who{font-weight:700}
.comment-body{white-space:pre-wrap;margin:.3rem 0 0}
form{display:grid;gap:.9rem;margin-top:1rem}label{font-weight:600;display:block}input,textarea{width:100%;font:inherit;padding:.5rem .6rem;border:1px solid var(--line);border-radius:8px;background:var(--bg);color:var(--text)}
textarea{min-height:8rem}.hint{font-size:.85rem;color:var(--muted)}.error{color:var(--error);font-weight:600;font-size:.92rem}
[aria-invalid="true"]{border-color:var(--error)}.notice{border-radius:8px;padding:.8rem 1rem;background:var(--soft);border-left:4px solid var(--primary)}
.notice.bad{border-left-color:var(--error)}.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
button{font:inherit;font-weight:700;background:var(--primary);color:#fff;border:0;border-radius:8px;padding:.6rem 1.2rem;cursor:pointer;justify-self:start}
.pager{margin-top:2rem}.top-links{display:flex;gap:1rem;align-items:center;flex-wrap:wrap}.languages{display:flex;gap:.5rem}
.languages a{font-weight:400;color:var(--muted);text-decoration:underline}.languages a[aria-current]{font-weight:700;color:var(--text);text-decoration:none}
`;

interface Head {
  title: string;
  description: string;
  canonical: string;
  image?: string | null;
  type: 'website' | 'article';
  publishedAt?: string | null;
}

export function layout(page: PageContext, head: Head, content: SafeHtml): string {
  const siteName = page.organisation?.name ?? 'Kantine';
  const feedUrl = `${page.base}/news/feed.xml`;
  return `<!doctype html>${
    html`<html lang="${page.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${head.title}</title>
<meta name="description" content="${head.description}">
<link rel="canonical" href="${head.canonical}">
<link rel="alternate" type="application/rss+xml" title="${siteName} – ${page.messages.latest}" href="${feedUrl}">
<link rel="alternate" type="application/atom+xml" title="${siteName} – ${page.messages.latest}" href="${page.base}/news/atom.xml">
<meta property="og:type" content="${head.type}"><meta property="og:site_name" content="${siteName}">
<meta property="og:title" content="${head.title}"><meta property="og:description" content="${head.description}">
<meta property="og:url" content="${head.canonical}"><meta property="og:locale" content="${page.locale === 'de' ? 'de_DE' : 'en_GB'}">
${head.image ? html`<meta property="og:image" content="${head.image}"><meta name="twitter:image" content="${head.image}">` : ''}
${head.publishedAt ? html`<meta property="article:published_time" content="${head.publishedAt}">` : ''}
<meta name="twitter:card" content="${head.image ? 'summary_large_image' : 'summary'}">
<meta name="twitter:title" content="${head.title}"><meta name="twitter:description" content="${head.description}">
<style>${raw(styles(page.organisation?.primary_color ?? ''))}</style></head>
<body><header class="top"><div><a href="${localHref(page, '/news')}">${siteName} · ${page.messages.newsroom}</a><span class="top-links">${languageSwitch(page)}<a href="${localHref(page, '/news/feed.xml')}" class="meta">${page.messages.feed}</a></span></div></header>
<main id="main">${content}</main></body></html>`.value
  }`;
}

export function listPage(page: PageContext, rows: PublicArticleRow[], nextCursor: string | null): string {
  const siteName = page.organisation?.name ?? 'Kantine';
  const items = rows.map(
    (row) => html`<li class="card">
  ${row.cover_file_id ? html`<a href="${localHref(page, `/news/${row.slug}`)}" tabindex="-1" aria-hidden="true"><img src="${mediaUrl(row.cover_file_id)}" alt="" loading="lazy"></a>` : ''}
  ${row.category ? html`<span class="category">${row.category}</span>` : ''}
  <h2><a href="${localHref(page, `/news/${row.slug}`)}">${row.title}</a></h2>
  <p class="meta">${longDate(row.published_at, page.locale)} · ${row.author_name} · ${page.messages.minutes(row.reading_minutes)}</p>
  <p>${row.teaser}</p>
</li>`,
  );
  const content = html`<h1>${page.messages.latest}</h1>
${rows.length ? html`<ul class="cards">${items}</ul>` : html`<p>${page.messages.noArticles}</p>`}
${nextCursor ? html`<p class="pager"><a href="${localHref(page, `/news?before=${nextCursor}`)}">${page.messages.older}</a></p>` : ''}`;
  return layout(
    page,
    {
      title: `${siteName} – ${page.messages.latest}`,
      description: `${siteName} – ${page.messages.newsroom}`,
      canonical: `${page.base}/news`,
      type: 'website',
    },
    content,
  );
}

export interface CommentFormState {
  values?: Partial<GuestCommentForm>;
  errors?: FieldErrors;
  notice?: { text: string; bad: boolean };
  challenge?: Challenge;
}

function shareLinks(page: PageContext, url: string, title: string) {
  const u = encodeURIComponent(url);
  const t = encodeURIComponent(title);
  const networks: Array<[string, string]> = [
    ['Facebook', `https://www.facebook.com/sharer/sharer.php?u=${u}`],
    ['LinkedIn', `https://www.linkedin.com/sharing/share-offsite/?url=${u}`],
    ['XING', `https://www.xing.com/spi/shares/new?url=${u}`],
    ['X', `https://x.com/intent/post?url=${u}&text=${t}`],
    ['Mastodon', `https://mastodonshare.com/?text=${t}&url=${u}`],
  ];
  return html`<nav aria-label="${page.messages.share}"><h2>${page.messages.share}</h2><ul class="share">${networks.map(
    ([name, href]) =>
      html`<li><a href="${href}" rel="noopener noreferrer" target="_blank" aria-label="${page.messages.shareOn(name)}">${name}</a></li>`,
  )}</ul></nav>`;
}

function field(
  id: keyof GuestCommentForm,
  label: string,
  state: CommentFormState,
  options: { required?: boolean; type?: string; multiline?: boolean; autocomplete?: string; hint?: string },
) {
  const error = state.errors?.[id === 'captcha_answer' ? 'captcha' : (id as keyof FieldErrors)];
  const value = state.values?.[id] ?? '';
  const describedBy = [error ? `${id}-error` : '', options.hint ? `${id}-hint` : '']
    .filter(Boolean)
    .join(' ');
  const common = html`id="${id}" name="${id}"${raw(options.required ? ' required aria-required="true"' : '')}${
    error ? raw(' aria-invalid="true"') : ''
  }${describedBy ? html` aria-describedby="${describedBy}"` : ''}${options.autocomplete ? html` autocomplete="${options.autocomplete}"` : ''}`;
  return html`<div><label for="${id}">${label}${options.required ? html` <span aria-hidden="true">*</span>` : ''}</label>
${options.multiline ? html`<textarea ${common}>${value}</textarea>` : html`<input type="${options.type ?? 'text'}" ${common} value="${value}">`}
${options.hint ? html`<span class="hint" id="${id}-hint">${options.hint}</span>` : ''}
${error ? html`<span class="error" id="${id}-error">${error}</span>` : ''}</div>`;
}

function commentSection(page: PageContext, data: PublicArticle, state: CommentFormState) {
  const { messages } = page;
  const { article, comments } = data;
  const list = comments.map(
    (comment) => html`<li><span class="who">${
      comment.website
        ? html`<a href="${comment.website}" rel="nofollow ugc noopener noreferrer">${comment.name}</a>`
        : comment.name
    }</span> <span class="meta">· <time datetime="${comment.created_at}">${longDate(comment.created_at, page.locale)}</time></span>
<p class="comment-body">${comment.body}</p></li>`,
  );
  const challenge = state.challenge;
  const form =
    article.guest_comments === 'off' || !challenge
      ? html`<p>${messages.closed}</p>`
      : html`<h3>${messages.writeComment}</h3><p class="hint">${messages.requiredNote}</p>
<form method="post" action="${localHref(page, `/news/${article.slug}/comments#comments`)}" novalidate>
${field('name', messages.name, state, { required: true, autocomplete: 'name' })}
${field('email', messages.email, state, { required: true, type: 'email', autocomplete: 'email' })}
${field('website', messages.website, state, { type: 'url', autocomplete: 'url' })}
${field('comment', messages.comment, state, { required: true, multiline: true })}
${field(
  'captcha_answer',
  `${messages.captcha} ${messages.numbers[challenge.a]} + ${messages.numbers[challenge.b]} =`,
  state,
  {
    required: true,
    autocomplete: 'off',
    hint: messages.captchaHint,
  },
)}
<input type="hidden" name="captcha_id" value="${challenge.id}">
<div class="hp" aria-hidden="true"><label for="homepage">${messages.honeypot}</label><input id="homepage" name="homepage" tabindex="-1" autocomplete="off"></div>
<button type="submit">${messages.send}</button></form>`;
  return html`<section class="comments" id="comments" aria-labelledby="comments-title">
<h2 id="comments-title">${messages.comments(comments.length)}</h2>
${state.notice ? html`<p class="notice${state.notice.bad ? ' bad' : ''}" role="status">${state.notice.text}</p>` : ''}
${comments.length ? html`<ol>${list}</ol>` : ''}
${form}</section>`;
}

export function articlePage(page: PageContext, data: PublicArticle, state: CommentFormState): string {
  const { article, author, images } = data;
  const { messages } = page;
  const url = `${page.base}/news/${article.slug}`;
  const cover = images.find((image) => image.id === article.cover_file_id);
  const body = withImageCredits(withoutIntranetLinks(article.body_html), images, page.locale, (id) =>
    mediaUrl(id),
  );
  const initials = (author?.name ?? '?')
    .split(/\s+/)
    .map((part) => part[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();
  const content = html`<article>
${article.category ? html`<span class="category">${article.category}</span>` : ''}
<h1>${article.title}</h1>
<p class="meta"><time datetime="${article.published_at ?? ''}">${longDate(article.published_at, page.locale)}</time> · ${messages.by} ${author?.name ?? ''} · ${messages.minutes(article.reading_minutes)}</p>
${cover ? html`<figure><img src="${mediaUrl(cover.id)}" alt="${article.title}"${cover.width && cover.height ? html` width="${cover.width}" height="${cover.height}"` : ''}><figcaption>${creditLine(cover, page.locale)}</figcaption></figure>` : ''}
${article.teaser ? html`<p class="lead">${article.teaser}</p>` : ''}
<div class="body">${raw(body)}</div>
${author ? html`<aside class="author" aria-label="${messages.aboutAuthor}"><span class="initials" aria-hidden="true">${initials}</span><div><span class="meta">${messages.aboutAuthor}</span><br><strong>${author.name}</strong>${author.title ? html`<br><span class="meta">${author.title}</span>` : ''}${author.about ? html`<p>${author.about}</p>` : ''}</div></aside>` : ''}
${shareLinks(page, url, article.title)}
</article>
${commentSection(page, data, state)}
<p><a href="${localHref(page, '/news')}">← ${messages.backToNews}</a></p>`;
  return layout(
    page,
    {
      title: article.title,
      description: article.teaser || article.title,
      canonical: url,
      image: cover ? `${page.base}${mediaUrl(cover.id)}` : null,
      type: 'article',
      publishedAt: article.published_at,
    },
    content,
  );
}

export function notFoundPage(page: PageContext): string {
  return layout(
    page,
    {
      title: page.messages.notFoundTitle,
      description: page.messages.notFound,
      canonical: `${page.base}/news`,
      type: 'website',
    },
    html`<h1>${page.messages.notFoundTitle}</h1><p>${page.messages.notFound}</p><p><a href="${localHref(page, '/news')}">${page.messages.backToNews}</a></p>`,
  );
}
