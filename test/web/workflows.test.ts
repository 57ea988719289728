import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { readBibtex } from '../../src/corpus/bibtex-reader.js';
import { paperRecord, type Paper } from '../../src/corpus/paper.js';
import { toBibtex } from '../../src/export/bibtex-writer.js';
import { toRis } from '../../src/export/ris-writer.js';
import { collect, papers } from '../corpus/helpers.js';
import { browserGate } from './browser.js';

import {
  PHONE,
  SCREENSHOTS,
  screenshot,
  statusMatches,
  useBrowserSite,
  type BrowserSite,
} from './visit.js';

/**
 * With PAPER_SEARCH_DOCS_SCREENSHOTS=1 the screenshots the README shows are refreshed in
 * docs/screenshots from this run.
 */
const DOCS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

async function documented(page: Page, name: string): Promise<void> {
  await page.mouse.move(0, 0);
  await screenshot(page, name);
  if (process.env.PAPER_SEARCH_DOCS_SCREENSHOTS === '1') {
    await mkdir(DOCS, { recursive: true });
    await copyFile(`${SCREENSHOTS}${name}.png`, `${DOCS}${name}.png`);
  }
}

/** Node centres on the map, by paper id. */
const nodeCentres = (page: Page) =>
  page.locator('svg.map a[data-paper-id]').evaluateAll((nodes) =>
    nodes.map((node) => {
      const circle = node.querySelector('circle')!;
      return {
        id: node.getAttribute('data-paper-id')!,
        x: Number(circle.getAttribute('cx')),
        y: Number(circle.getAttribute('cy')),
        r: Number(circle.getAttribute('r')),
        fill: circle.getAttribute('fill')!,
        title: node.querySelector('title')!.textContent!,
      };
    }),
  );

/** A BibTeX library: two papers of the site, one it lacks (with an abstract), two it cannot use. */
function libraryFile(known: Paper[]): string {
  return [
    toBibtex(known.map(paperRecord)),
    '@article{elsewhere,',
    '  title = {Quantizing Transformers to Four Bits without Retraining},',
    '  abstract = {We quantize the weights of large language models to four bits after training and keep their accuracy.},',
    '}',
    '',
    '@article{lost,',
    '  title = {A Paper Nobody Here Has},',
    '  doi = {10.9999/lost},',
    '}',
    '',
    '@article{broken,',
    '  title = {Unbalanced braces',
    '',
  ].join('\n');
}

describe.skipIf(!browserGate().run)('workflows in Chromium', () => {
  const ctx = useBrowserSite();
  const visit: BrowserSite['visit'] = (...args) => ctx.visit(...args);
  const titled = (pattern: RegExp) => ctx.site.papers.find((p) => pattern.test(p.title)) as Paper;

  it('/?graph=<id> draws the map: similar papers close, colour by year, size by similarity', async () => {
    const origin = titled(/^SCott: Accelerating Diffusion/);
    const { page, close } = await visit(`?graph=${encodeURIComponent(origin.id)}`);
    await statusMatches(page, /^30 papers, \d+ links$/);
    const nodes = await nodeCentres(page);
    expect(nodes).toHaveLength(30);
    expect(nodes[0].id).toBe(origin.id);
    expect(nodes[0].r).toBe(Math.max(...nodes.map((n) => n.r)));
    expect(new Set(nodes.map((n) => n.fill)).size).toBeGreaterThan(1);
    for (const node of nodes) expect(node.title).toContain(ctx.site.byId.get(node.id)!.title);

    // Linked (similar) papers sit closer than papers taken at random.
    const graph = await (await fetch(`${ctx.site.base}papers/${origin.id}/graph?size=30`)).json();
    const at = new Map(nodes.map((n) => [n.id, n]));
    const distance = (a: string, b: string) =>
      Math.hypot(at.get(a)!.x - at.get(b)!.x, at.get(a)!.y - at.get(b)!.y);
    const linked = graph.edges.map((e: { source: string; target: string }) =>
      distance(e.source, e.target),
    );
    const all = nodes.flatMap((a, i) => nodes.slice(i + 1).map((b) => distance(a.id, b.id)));
    const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;
    expect(mean(linked)).toBeLessThan(mean(all));

    // The list holds the same papers, in the same order, for the keyboard.
    const listed = await page
      .locator('.map-list a[data-paper]')
      .evaluateAll((links) => links.map((a) => a.getAttribute('data-paper')));
    expect(listed).toEqual(nodes.map((n) => n.id));

    // Clicking a node opens that paper beside the map.
    const target = nodes[5];
    await page.locator(`svg.map a[data-paper-id="${target.id}"]`).click();
    await page.locator('#paper-title').waitFor();
    expect(await page.locator('#paper-title').textContent()).toBe(
      ctx.site.byId.get(target.id)!.title,
    );
    const url = new URL(page.url()).searchParams;
    expect([url.get('graph'), url.get('paper')]).toEqual([origin.id, target.id]);
    await documented(page, 'map');
    await close();
  });

  it('the map from a paper view, and by keyboard through its list', async () => {
    const paper = titled(/Matryoshka Quantization/);
    const { page, close } = await visit(`?paper=${encodeURIComponent(paper.id)}`);
    await page.locator('#paper a.map-link').click();
    await page.locator('svg.map').waitFor();
    expect(new URL(page.url()).searchParams.get('graph')).toBe(paper.id);
    const second = page.locator('.map-list a[data-paper]').nth(1);
    const secondTitle = await second.textContent();
    await second.focus();
    await page.keyboard.press('Enter');
    // The origin's own view may still be showing: wait for the title to change.
    await expect
      .poll(() => page.locator('#paper-title').textContent(), { timeout: 10_000 })
      .toBe(secondTitle);
    await close();
  });

  it('works at phone width: the map fits 390 px, nothing scrolls sideways', async () => {
    const origin = titled(/Matryoshka Quantization/);
    const { page, close } = await visit(`?graph=${encodeURIComponent(origin.id)}`, PHONE);
    await statusMatches(page, /^30 papers/);
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      map: document.querySelector('svg.map')!.getBoundingClientRect().width,
    }));
    // What sticks out past the screen's right edge, named for the failure message.
    const wide = await page.evaluate(() =>
      Array.from(document.querySelectorAll('body *'))
        .filter((e) => e.getBoundingClientRect().right > 391)
        .map((e) => `${e.tagName}.${e.className}`),
    );
    expect(wide).toEqual([]);
    expect(widths.page).toBeLessThanOrEqual(390);
    expect(widths.map).toBeLessThanOrEqual(390);
    expect(widths.map).toBeGreaterThan(300);
    await screenshot(page, 'map-phone');
    await close();
  });

  it('Save from results and a paper view; the library exports as BibTeX', async () => {
    const { page, close } = await visit('?q=diffusion%20models');
    await statusMatches(page, /results for “diffusion models”/);
    const first = page.locator('#results li.result').first();
    const firstId = (await first.getAttribute('data-id'))!;
    await first.locator('button[data-save]').click();
    expect(await first.locator('button[data-save]').getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => page.locator('#library-count').textContent()).toBe('1');
    const second = page.locator('#results li.result').nth(1);
    const secondId = (await second.getAttribute('data-id'))!;
    await second.locator('a[data-paper]').click();
    await page.locator('#paper-title').waitFor();
    await page.locator('#paper .paper-tools button[data-save]').click();
    await expect.poll(() => page.locator('#library-count').textContent()).toBe('2');

    await page.locator('nav.views a[data-view="library"]').click();
    await page.locator('#library-heading').waitFor();
    const saved = await page
      .locator('.library-item')
      .evaluateAll((items) => items.map((li) => (li as HTMLElement).dataset.id));
    expect(saved).toEqual([firstId, secondId]);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('button[data-export-bibtex]').click(),
    ]);
    expect(download.suggestedFilename()).toBe('library.bib');
    const text = await readFile((await download.path())!, 'utf8');
    const back = papers(await collect(readBibtex({ name: 'library.bib', text })));
    expect(back.map((p) => p.title)).toEqual(
      [firstId, secondId].map((id) => ctx.site.byId.get(id)!.title),
    );
    expect(back.map((p) => p.abstract)).toEqual(
      [firstId, secondId].map((id) => ctx.site.byId.get(id)!.abstract),
    );
    // The library survives a reload: it lives in this browser.
    await page.reload();
    await page.locator('#library-heading').waitFor();
    expect(await page.locator('.library-item').count()).toBe(2);
    await close();
  });

  it('imports a .bib through one resolve request; keeps what matched and why not', async () => {
    const known = [titled(/Matryoshka Quantization/), titled(/diffusion/i)];
    const { page, close } = await visit('?view=library');
    await page.locator('#library-heading').waitFor();
    const sent: Array<{ method: string; url: string; type: string | undefined; body: string }> = [];
    page.on('request', (request) => {
      sent.push({
        method: request.method(),
        url: request.url().slice(ctx.site.base.length),
        type: request.headers()['content-type'],
        body: request.postData() ?? '',
      });
    });
    const file = libraryFile(known);
    await page.locator('#import-file').setInputFiles({
      name: 'mine.bib',
      mimeType: 'text/x-bibtex',
      buffer: Buffer.from(file),
    });
    await page.waitForFunction(() =>
      /^mine\.bib: 3 added/.test(document.getElementById('import-status')?.textContent ?? ''),
    );
    expect(await page.locator('#import-status').textContent()).toBe(
      'mine.bib: 3 added (2 found here, 1 from their abstracts), 2 not imported',
    );
    expect(sent).toEqual([
      { method: 'POST', url: 'library/resolve', type: 'application/x-bibtex', body: file },
    ]);
    const items = await page.locator('.library-item .library-title').allTextContents();
    expect(items).toEqual([
      ...known.map((p) => p.title),
      'Quantizing Transformers to Four Bits without Retraining',
    ]);
    const unmatched = await page.locator('.unmatched li').allTextContents();
    expect(unmatched).toHaveLength(2);
    expect(unmatched[0]).toMatch(
      /^mine\.bib:\d+ doi:10\.9999\/lost — no paper with id "lost", or DOI 10\.9999\/lost/,
    );
    expect(unmatched[1]).toMatch(/^mine\.bib:\d+ — malformed BibTeX entry: @article is not closed/);
    await documented(page, 'import');

    // "For your library": recommendations new since a date, each with its closest paper.
    await page.locator('a[data-view="foryou"]').first().click();
    await statusMatches(page, /papers like the 3 in your library$/);
    await page.locator('#since').fill('2024-02-01');
    await page.locator('#since').dispatchEvent('change');
    await statusMatches(page, /new since 2024-02-01 like the 3 in your library$/);
    const dates = await page
      .locator('#results li.result time')
      .evaluateAll((times) => times.map((t) => t.getAttribute('datetime')!));
    expect(dates.length).toBeGreaterThan(0);
    for (const date of dates) expect(date >= '2024-02-01').toBe(true);
    const ids = await page
      .locator('#results li.result')
      .evaluateAll((items) => items.map((li) => (li as HTMLElement).dataset.id));
    for (const paper of known) expect(ids).not.toContain(paper.id);
    expect(await page.locator('#results li.result .closest').count()).toBe(ids.length);
    expect(new URL(page.url()).searchParams.get('since')).toBe('2024-02-01');
    await documented(page, 'library');
    await close();
  });

  it('a .ris file dropped on the page is imported', async () => {
    const paper = ctx.site.papers[40];
    const { page, close } = await visit();
    const ris = toRis([paperRecord(paper)]);
    const transfer = await page.evaluateHandle((text) => {
      const data = new DataTransfer();
      data.items.add(
        new File([text], 'dropped.ris', { type: 'application/x-research-info-systems' }),
      );
      return data;
    }, ris);
    await page.dispatchEvent('body', 'dragover', { dataTransfer: transfer });
    await page.dispatchEvent('body', 'drop', { dataTransfer: transfer });
    await page.waitForFunction(() =>
      /^dropped\.ris: 1 added/.test(document.getElementById('import-status')?.textContent ?? ''),
    );
    expect(new URL(page.url()).searchParams.get('view')).toBe('library');
    expect(await page.locator('.library-item').getAttribute('data-id')).toBe(paper.id);
    await close();
  });

  it('shows venue and keywords where a paper has them', async () => {
    const paper = ctx.site.papers.find((p) => p.venue && p.keywords.length > 0)!;
    const { page, close } = await visit(`?paper=${encodeURIComponent(paper.id)}`);
    await page.locator('#paper-title').waitFor();
    expect(await page.locator('#paper > .meta .venue').textContent()).toBe(paper.venue);
    expect(await page.locator('#paper > .keywords li').allTextContents()).toEqual(paper.keywords);
    await close();
  });
});
