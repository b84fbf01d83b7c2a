import { describe, expect, it } from 'vitest';
import { html, raw } from './html.js';

describe('html template', () => {
  it('escapes interpolated text and keeps marked markup', () => {
    const name = '<script>alert("x")</script> & \'co\'';
    const out = html`<p title="${name}">${name} ${raw('<b>ok</b>')} ${[html`<i>${'<'}</i>`, 1]}${null}${false}</p>`;
    expect(out.value).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39; <b>ok</b> <i>&lt;</i>1</p>',
    );
  });
});
