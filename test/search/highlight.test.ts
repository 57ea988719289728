import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/embed/text-analyzer.js';
import { explain } from '../../src/search/explain.js';
import { escapeHtml, highlightAll, highlightSnippet } from '../../src/search/highlight.js';
import { textQuery } from '../../src/search/lexical-query.js';

const stems = (text: string) => new Set(analyze(text));

describe('highlightAll', () => {
  it('marks words whose analysed stem is wanted, in any inflection or case', () => {
    const out = highlightAll(
      'Quantizing networks: a quantized Network.',
      stems('quantize network'),
    );
    expect(out.html).toBe(
      '<mark>Quantizing</mark> <mark>networks</mark>: a <mark>quantized</mark> <mark>Network</mark>.',
    );
    expect([...out.matched]).toEqual([
      ['quantiz', 'quantizing'],
      ['network', 'networks'],
    ]);
  });

  it('escapes everything else, so the result is safe to insert as HTML', () => {
    const out = highlightAll('<script>alert("x")</script> & noise\'s', stems('noise'));
    expect(out.html).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; <mark>noise&#39;s</mark>',
    );
    expect(out.html).not.toMatch(/<(?!\/?mark>)/);
  });

  it('marks compounds as the analyser reads them and leaves punctuation outside', () => {
    expect(highlightAll('(GPT-4) beats k-means.', stems('gpt4 kmeans')).html).toBe(
      '(<mark>GPT-4</mark>) beats <mark>k-means</mark>.',
    );
  });

  it('marks words inside runs of punctuation, not the whole run', () => {
    expect(highlightAll('in O\\big(n+nk\\big) time', stems('big')).html).toBe(
      'in O\\<mark>big</mark>(n+nk\\<mark>big</mark>) time',
    );
  });

  it('collapses whitespace and marks nothing when nothing is wanted', () => {
    expect(highlightAll('a\n  b <c>', new Set()).html).toBe('a b &lt;c&gt;');
  });
});

describe('highlightSnippet', () => {
  const filler = (n: number) => Array.from({ length: n }, (_, i) => `filler${i}x`).join(' ');

  it('shows a short text whole', () => {
    expect(highlightSnippet('Noise helps.', stems('noise')).html).toBe('<mark>Noise</mark> helps.');
  });

  it('moves the window to where the wanted words are, with ellipses where cut', () => {
    const text = `${filler(40)} quantum noise here. ${filler(40)}`;
    const out = highlightSnippet(text, stems('quantum noise'), 60);
    expect(out.html.startsWith('…')).toBe(true);
    expect(out.html.endsWith('…')).toBe(true);
    expect(out.html).toContain('<mark>quantum</mark> <mark>noise</mark>');
    // The window holds at most 60 characters of the text, not counting marks and ellipses.
    const shown = out.html.replace(/<\/?mark>|…/g, '');
    expect(shown.length).toBeLessThanOrEqual(60);
  });

  it('starts at the beginning when nothing matches, and reports matches beyond the window', () => {
    const text = `${filler(40)} quantum`;
    const none = highlightSnippet(text, new Set(['absent']), 60);
    expect(none.html.startsWith('filler0x')).toBe(true);
    const tail = Array.from({ length: 40 }, (_, i) => `tail${i}y`).join(' ');
    const far = highlightSnippet(`${text} ${tail}`, stems('filler0x quantum'), 30);
    // One stem each side: the earliest window wins, but both stems count as matched.
    expect(far.html.startsWith('<mark>filler0x</mark>')).toBe(true);
    expect([...far.matched.keys()].sort()).toEqual(['filler0x', 'quantum']);
  });

  it('cuts a single overlong word instead of showing nothing', () => {
    const out = highlightSnippet(`${'x'.repeat(100)} tail`, new Set(), 20);
    expect(out.html).toBe(`${'x'.repeat(20)}…`);
  });

  it('escapes HTML in the text around marks', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
  });
});

describe('explain', () => {
  it('lists the shared words in query order, as the paper spells them, with both ranks', () => {
    const paper = {
      title: 'Noisy Quantum Circuits',
      abstract: 'We study circuits under noise. Quantum hardware is noisy.',
    };
    const out = explain(paper, textQuery('quantum computers and circuit noise'), {
      semantic: 3,
      lexical: null,
    });
    expect(out.terms).toEqual(['quantum', 'circuits', 'noise']);
    expect(out.title).toBe('Noisy <mark>Quantum</mark> <mark>Circuits</mark>');
    expect(out.snippet).toBe(
      'We study <mark>circuits</mark> under <mark>noise</mark>. <mark>Quantum</mark> hardware is noisy.',
    );
    expect(out.ranks).toEqual({ semantic: 3, lexical: null });
  });

  it('lists a word matching two query stems once', () => {
    const paper = { title: 'Low-precision training', abstract: 'Training at low precision.' };
    expect(explain(paper, textQuery('low precision'), { semantic: 1, lexical: 1 }).terms).toEqual([
      'low-precision',
    ]);
  });

  it('explains with the searched terms only', () => {
    const query = { ...textQuery('quantum noise'), searched: 1 };
    const out = explain({ title: 'Quantum noise', abstract: '' }, query, {
      semantic: null,
      lexical: 1,
    });
    expect(out.terms).toEqual(['quantum']);
    expect(out.title).toBe('<mark>Quantum</mark> noise');
  });
});
